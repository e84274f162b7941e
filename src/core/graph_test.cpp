#include "core/graph.h"

#include <gtest/gtest.h>

namespace remotemedia {
namespace {

Manifest make(std::vector<std::string> ids,
              std::vector<std::pair<std::string, std::string>> edges) {
  Manifest m;
  for (std::size_t i = 0; i < ids.size(); ++i) {
    m.nodes.push_back(
        NodeDecl{ids[i], "PassThroughNode", {}, "$.nodes[" + std::to_string(i) + "]"});
  }
  for (std::size_t i = 0; i < edges.size(); ++i) {
    m.connections.push_back(ConnectionDecl{edges[i].first, edges[i].second,
                                           "$.connections[" + std::to_string(i) + "]"});
  }
  return m;
}

std::vector<std::string> order_ids(const Manifest& m, const Graph& g) {
  std::vector<std::string> ids;
  for (std::size_t i : g.order) ids.push_back(m.nodes[i].id);
  return ids;
}

TEST(Graph, ManifestOrderBreaksTopologicalTies) {
  Manifest m =
      make({"sink", "b", "a", "src"}, {{"src", "a"}, {"src", "b"}, {"a", "sink"}, {"b", "sink"}});
  Result<Graph> g = build_graph(m);
  ASSERT_TRUE(g.is_ok()) << g.error().message;
  EXPECT_EQ(order_ids(m, *g), (std::vector<std::string>{"src", "b", "a", "sink"}));
  EXPECT_TRUE(g->is_source(3));
  EXPECT_TRUE(g->is_sink(0));
}

TEST(Graph, DisconnectedNodesKeepManifestOrder) {
  Manifest m = make({"x", "y", "z"}, {});
  Result<Graph> g = build_graph(m);
  ASSERT_TRUE(g.is_ok());
  EXPECT_EQ(order_ids(m, *g), (std::vector<std::string>{"x", "y", "z"}));
}

TEST(Graph, ReportsTheCycleItFound) {
  Manifest m = make({"in", "a", "b", "c", "out"},
                    {{"in", "a"}, {"a", "b"}, {"b", "c"}, {"c", "a"}, {"c", "out"}});
  Result<Graph> g = build_graph(m);
  ASSERT_FALSE(g.is_ok());
  EXPECT_EQ(g.error().code, "cycle_detected");
  EXPECT_NE(g.error().message.find("a -> b -> c -> a"), std::string::npos) << g.error().message;
}

TEST(Graph, SelfLoopIsACycle) {
  Result<Graph> g = build_graph(make({"a"}, {{"a", "a"}}));
  ASSERT_FALSE(g.is_ok());
  EXPECT_EQ(g.error().code, "cycle_detected");
  EXPECT_NE(g.error().message.find("a -> a"), std::string::npos);
}

TEST(Graph, RejectsDanglingAndDuplicateConnections) {
  Result<Graph> dangling = build_graph(make({"a"}, {{"a", "ghost"}}));
  ASSERT_FALSE(dangling.is_ok());
  EXPECT_EQ(dangling.error().code, "dangling_connection");
  EXPECT_EQ(dangling.error().path, "$.connections[0].to");
  EXPECT_EQ(dangling.error().node_id, "ghost");

  Result<Graph> twice = build_graph(make({"a", "b"}, {{"a", "b"}, {"a", "b"}}));
  ASSERT_FALSE(twice.is_ok());
  EXPECT_EQ(twice.error().code, "duplicate_connection");
  EXPECT_EQ(twice.error().path, "$.connections[1]");
}

}  // namespace
}  // namespace remotemedia
