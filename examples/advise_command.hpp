// `sparkify advise` and `starshift advise`: the distribution/sort-key advisor over a loaded PostgreSQL warehouse
// (tune/advisor.hpp), printing the ranked table, JSON, a PNG plot and, with --verify, the cluster check.
#pragma once

namespace starshift::examples {

// argv[0] is "advise"; the rest are the command's options. Return the exit code.
int sparkify_advise_main(int argc, char** argv);
int starshift_advise_main(int argc, char** argv);

}  // namespace starshift::examples
