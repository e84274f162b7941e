#include <gtest/gtest.h>

#include <cmath>
#include <memory>
#include <string>
#include <vector>

#include "core/params.h"
#include "nodes/audio/audio_test_support.h"
#include "nodes/node_test_support.h"
#include "nodes/speech/speech_nodes.h"
#include "nodes/speech/whisper/whisper_model_writer.h"
#include "remotemedia/error_codes.h"
#include "remotemedia/resources.h"

namespace remotemedia {
namespace {

// A runtime's resource store holding a generated micro model as "resource:micro" (and a broken
// copy as "resource:broken"), and the nodes built against it.
class WhisperNodeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    whisper::ModelRecipe recipe;
    recipe.hparams = whisper::micro_hparams(1);
    recipe.vocabulary = whisper::byte_vocabulary();
    std::vector<std::uint8_t> model = whisper::write_whisper_model(recipe);
    ASSERT_TRUE(cache_.add("micro", Buffer::copy_of(model.data(), model.size())).is_ok());
    ASSERT_TRUE(cache_.add("broken", Buffer::copy_of(model.data(), model.size() / 2)).is_ok());
  }

  Result<std::unique_ptr<Node>> build(Map params) {
    Result<Map> validated =
        validate_params(whisper_node_spec(), params, "asr", "$.nodes[0].params");
    if (!validated) return validated.take_error();
    return whisper_node_spec().create(
        NodeConfig{"asr", "WhisperNode", *validated, "$.nodes[0]", ".", nullptr, &loader_});
  }

  ResourceCache cache_;
  ResourceLoader loader_{&cache_, ".", {}};
};

// `seconds` of a buzz at 16 kHz, placed at `start_frame`.
Value buzz(double seconds, std::int64_t start_frame = 0) {
  std::vector<float> s(static_cast<std::size_t>(seconds * 16000));
  for (std::size_t i = 0; i < s.size(); ++i) {
    s[i] = static_cast<float>(0.3 * std::sin(2 * M_PI * 180.0 * static_cast<double>(i) / 16000.0));
  }
  return audio_value(s, 16000, 1, start_frame);
}

TEST_F(WhisperNodeTest, TranscribesOntoTheInputsTimeline) {
  Result<std::unique_ptr<Node>> node =
      build({{"model", Value("resource:micro")}, {"token_ids", Value(true)}});
  ASSERT_TRUE(node.is_ok()) << node.error().message;
  List out;
  ASSERT_TRUE(run_items(**node, {buzz(2.0, 48000)}, out).is_ok());
  ASSERT_EQ(out.size(), 1u);
  const Map& transcript = *out[0].as_map();
  EXPECT_EQ(*transcript.find("language")->as_string(), "en");
  ASSERT_NE(transcript.find("text")->as_string(), nullptr);
  const List& segments = *transcript.find("segments")->as_list();
  ASSERT_FALSE(segments.empty());
  for (const Value& segment : segments) {
    const Map& s = *segment.as_map();
    EXPECT_GE(*s.find("start")->as_float(), 3.0) << "placed at 48000 frames, 3 s";
    EXPECT_LE(*s.find("end")->as_float(), 5.0) << "never past the item's end";
    EXPECT_NE(s.find("tokens")->as_list(), nullptr);
  }
}

TEST_F(WhisperNodeTest, AnEmptyItemGivesAnEmptyTranscript) {
  Result<std::unique_ptr<Node>> node = build({{"model", Value("resource:micro")}});
  ASSERT_TRUE(node.is_ok());
  List out;
  ASSERT_TRUE(run_items(**node, {buzz(0.0)}, out).is_ok());
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(*out[0].as_map()->find("text")->as_string(), "");
  EXPECT_TRUE(out[0].as_map()->find("segments")->as_list()->empty());
}

TEST_F(WhisperNodeTest, RefusesAudioOfAnotherFormat) {
  Result<std::unique_ptr<Node>> node = build({{"model", Value("resource:micro")}});
  ASSERT_TRUE(node.is_ok());
  List out;
  Status status = run_items(**node, {audio_value(std::vector<float>(4800), 48000, 1, 0)}, out);
  ASSERT_FALSE(status.is_ok());
  EXPECT_EQ(status.error().code, errc::invalid_audio);
  EXPECT_NE(status.error().message.find("16000 Hz mono"), std::string::npos);
  EXPECT_EQ(status.error().node_id, "asr");
}

TEST_F(WhisperNodeTest, ABrokenModelIsInvalidModelAtTheParam) {
  Result<std::unique_ptr<Node>> node = build({{"model", Value("resource:broken")}});
  ASSERT_FALSE(node.is_ok());
  EXPECT_EQ(node.error().code, errc::invalid_model);
  EXPECT_EQ(node.error().category, ErrorCategory::kInvalidInput);
  EXPECT_EQ(node.error().path, "$.nodes[0].params.model");
  EXPECT_EQ(node.error().node_id, "asr");
  EXPECT_NE(node.error().message.find("'resource:broken': the model ends inside tensor"),
            std::string::npos)
      << node.error().message;
}

TEST_F(WhisperNodeTest, LanguageAndTranslateMustSuitTheModel) {
  Result<std::unique_ptr<Node>> german =
      build({{"model", Value("resource:micro")}, {"language", Value("de")}});
  ASSERT_FALSE(german.is_ok());
  EXPECT_EQ(german.error().code, errc::invalid_param);
  EXPECT_EQ(german.error().path, "$.nodes[0].params.language");
  Result<std::unique_ptr<Node>> unknown =
      build({{"model", Value("resource:micro")}, {"language", Value("xx")}});
  ASSERT_FALSE(unknown.is_ok());
  EXPECT_NE(unknown.error().message.find("language 'xx'"), std::string::npos);
  Result<std::unique_ptr<Node>> translate =
      build({{"model", Value("resource:micro")}, {"translate", Value(true)}});
  ASSERT_FALSE(translate.is_ok());
  EXPECT_EQ(translate.error().path, "$.nodes[0].params.translate");
  EXPECT_TRUE(build({{"model", Value("resource:micro")}, {"language", Value("auto")}}).is_ok());
}

TEST_F(WhisperNodeTest, TheModelIsLoadedOncePerStore) {
  ASSERT_TRUE(build({{"model", Value("resource:micro")}}).is_ok());
  ASSERT_TRUE(build({{"model", Value("resource:micro")}, {"strategy", Value("beam")}}).is_ok());
  EXPECT_EQ(cache_.object_counts().built, 1u);
  EXPECT_EQ(cache_.object_counts().reused, 1u);
}

TEST_F(WhisperNodeTest, AMissingModelIsResourceNotFound) {
  Result<std::unique_ptr<Node>> node = build({{"model", Value("resource:nothing")}});
  ASSERT_FALSE(node.is_ok());
  EXPECT_EQ(node.error().code, errc::resource_not_found);
}

}  // namespace
}  // namespace remotemedia
