// table_data: see include/starshift/tune/ (implementation pending)
