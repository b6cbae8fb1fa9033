// A Redshift cluster's shape: node type (slices per node, from Redshift's documentation) and node count.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace starshift::tune {

struct node_type {
    std::string name;         // "dc2.large", "ra3.4xlarge", …
    int slices_per_node = 0;
};

// The node types the simulator knows (dc2.large 2, dc2.8xlarge 16, ra3.xlplus 2, ra3.4xlarge 4, ra3.16xlarge 16).
[[nodiscard]] const std::vector<node_type>& known_node_types();

// Throws tune_error [starshift.tune.unknown_node_type] naming the type and listing the known ones.
[[nodiscard]] node_type find_node_type(std::string_view name);

struct cluster_shape {
    node_type type;
    int nodes = 1;

    [[nodiscard]] int slices() const noexcept { return type.slices_per_node * nodes; }
    // Slices are numbered node by node: slice s lives on node s / slices_per_node.
    [[nodiscard]] int node_of_slice(int slice) const noexcept { return slice / type.slices_per_node; }
};

// Throws tune_error [starshift.tune.unknown_node_type] or [starshift.tune.bad_node_count] (nodes < 1 or > 128).
[[nodiscard]] cluster_shape make_cluster(std::string_view node_type_name, int nodes);

}  // namespace starshift::tune
