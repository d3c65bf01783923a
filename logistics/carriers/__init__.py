"""Carriers (承运商): who takes the parcels, and how their waybill numbers begin."""
