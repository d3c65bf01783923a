"""Import and export of master data as CSV and XLSX: one machinery for every table."""
