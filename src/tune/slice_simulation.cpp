// slice_simulation: see include/starshift/tune/ (implementation pending)
