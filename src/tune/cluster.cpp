// Cluster shapes: Redshift node types and their slices per node.
//
// Slices per node are the "Default slices per node" of the node type table in the Amazon Redshift Management Guide,
// "Amazon Redshift provisioned clusters" / "Node type details":
//   https://docs.aws.amazon.com/redshift/latest/mgmt/working-with-clusters.html#rs-node-type-info
// (dc2.large 2, dc2.8xlarge 16, ra3.xlplus 2, ra3.4xlarge 4, ra3.16xlarge 16). Redshift lets a resized cluster have
// another slice count (elastic resize); the simulator uses the defaults.
#include "starshift/tune/cluster.hpp"

#include <string>

#include "starshift/common/text.hpp"
#include "starshift/tune/tune_error.hpp"

namespace starshift::tune {

const std::vector<node_type>& known_node_types() {
    static const std::vector<node_type> types = {
        {"dc2.large", 2}, {"dc2.8xlarge", 16}, {"ra3.xlplus", 2}, {"ra3.4xlarge", 4}, {"ra3.16xlarge", 16},
    };
    return types;
}

node_type find_node_type(std::string_view name) {
    for (const auto& t : known_node_types())
        if (iequals(t.name, name)) return t;
    std::string known;
    for (const auto& t : known_node_types()) {
        if (!known.empty()) known += ", ";
        known += t.name + " (" + std::to_string(t.slices_per_node) + " slices)";
    }
    throw tune_error("starshift.tune.unknown_node_type", "", "",
                     "unknown node type '" + std::string(name) + "'; known node types: " + known);
}

cluster_shape make_cluster(std::string_view node_type_name, int nodes) {
    cluster_shape c{find_node_type(node_type_name), nodes};
    if (nodes < 1 || nodes > 128)
        throw tune_error("starshift.tune.bad_node_count", "", "",
                         "a cluster has 1 to 128 nodes, not " + std::to_string(nodes));
    return c;
}

}  // namespace starshift::tune
