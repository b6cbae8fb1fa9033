// `starshift explain`: the distributed plan Redshift would print for each query (tune::predict_plan), from the DDL
// and table statistics, and with --compare the label-by-label agreement with a plan a cluster printed.
#pragma once

namespace starshift::examples {

// argv[0] is "explain"; the rest are the command's options. Returns the exit code (0, 1 a query not analysed or a
// file not read, 2 a usage error).
int starshift_explain_main(int argc, char** argv);

}  // namespace starshift::examples
