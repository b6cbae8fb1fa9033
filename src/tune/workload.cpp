// workload: see include/starshift/tune/ (implementation pending)
