"""Logistics: carriers (承运商), shipments of outbounds (发运单) with their packages (件数),
waybill numbers (运单号), delivery confirmation (签收) and 100×150 mm shipping labels.
See ``logistics/README.md``."""
