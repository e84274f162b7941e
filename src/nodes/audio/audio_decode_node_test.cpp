#include <gtest/gtest.h>

#include <cstdio>
#include <string>

#include "nodes/audio/audio_nodes.h"
#include "nodes/audio/audio_test_support.h"
#include "nodes/audio/decode/wav_test_support.h"
#include "nodes/node_test_support.h"
#include "remotemedia/resources.h"

namespace remotemedia {
namespace {

Value bytes_value(const std::string& bytes) {
  return Value(Bytes{Buffer::copy_of(bytes.data(), bytes.size())});
}

TEST(AudioDecodeNode, DecodesTheBytesOfAWavFile) {
  WavSpec spec;
  spec.rate = 8000;
  List out = run_ok(audio_decode_node_spec(), {},
                    {bytes_value(wav_file(spec, pcm_bytes({16384, -16384}, 2)))});
  ASSERT_EQ(out.size(), 1u);
  ASSERT_NE(out[0].as_audio(), nullptr);
  EXPECT_EQ(samples_of(out[0]), (std::vector<float>{0.5f, -0.5f}));
  EXPECT_EQ(out[0].as_audio()->sample_rate, 8000);
}

TEST(AudioDecodeNode, ReadsAFileNamedByAResourceReference) {
  char dir[] = "/tmp/rm_decode_XXXXXX";
  ASSERT_NE(mkdtemp(dir), nullptr);
  const std::string path = std::string(dir) + "/clip.wav";
  const std::string file = wav_file(WavSpec{}, pcm_bytes({8192}, 2));
  FILE* f = std::fopen(path.c_str(), "wb");
  ASSERT_NE(f, nullptr);
  std::fwrite(file.data(), 1, file.size(), f);
  std::fclose(f);

  ResourceCache cache;
  ResourceLoader loader(&cache, dir, {});
  Result<std::unique_ptr<Node>> node = build_node(audio_decode_node_spec(), {});
  ASSERT_TRUE(node.is_ok());
  TestNodeContext ctx;
  ctx.set_resources(&loader);
  ASSERT_TRUE((*node)->process(Value(std::string("clip.wav")), ctx).is_ok());
  ASSERT_EQ(ctx.emitted.size(), 1u);
  EXPECT_EQ(samples_of(ctx.emitted[0].item), (std::vector<float>{0.25f}));

  Status missing = (*node)->process(Value(std::string("nope.wav")), ctx);
  ASSERT_FALSE(missing.is_ok());
  EXPECT_EQ(missing.error().code, "resource_not_found");
  Status outside = (*node)->process(Value(std::string("../escape.wav")), ctx);
  ASSERT_FALSE(outside.is_ok());
  EXPECT_EQ(outside.error().code, "resource_outside");
  std::remove(path.c_str());
  rmdir(dir);
}

TEST(AudioDecodeNode, ABrokenFileIsInvalidAudioNamingTheNode) {
  Result<std::unique_ptr<Node>> node = build_node(audio_decode_node_spec(), {});
  ASSERT_TRUE(node.is_ok());
  List out;
  Status status = run_items(**node, {bytes_value("not audio at all")}, out);
  ASSERT_FALSE(status.is_ok());
  EXPECT_EQ(status.error().code, "invalid_audio");
  EXPECT_EQ(status.error().node_id, "n");
  EXPECT_TRUE(out.empty());
}

TEST(AudioDecodeNode, RefusesALimitOutOfRange) {
  EXPECT_EQ(build_node(audio_decode_node_spec(), {{"max_seconds", Value(0)}}).error().code,
            "invalid_param");
  EXPECT_EQ(build_node(audio_decode_node_spec(), {{"max_seconds", Value(100000)}}).error().code,
            "invalid_param");
}

}  // namespace
}  // namespace remotemedia
