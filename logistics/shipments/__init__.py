"""Shipments (发运单): outbounds of one customer sent to one address in packages."""
