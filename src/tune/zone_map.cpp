// zone_map: see include/starshift/tune/ (implementation pending)
