#include <gtest/gtest.h>
#include <sys/stat.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <vector>

#include "core/params.h"
#include "nodes/audio/audio_nodes.h"
#include "nodes/audio/audio_test_support.h"
#include "nodes/node_test_support.h"
#include "nodes/speech/speech_nodes.h"
#include "remotemedia/error_codes.h"
#include "remotemedia/resources.h"

namespace remotemedia {
namespace {

// Debian's model directory (pocketsphinx-en-us) mounted as /models, as the CLI mounts it, and a
// scratch pipeline directory for grammars and damaged model copies.
class PocketSphinxNodeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string templ = ::testing::TempDir() + "/sphinx-XXXXXX";
    ASSERT_NE(mkdtemp(templ.data()), nullptr);
    dir_ = templ;
    loader_ = std::make_unique<ResourceLoader>(
        &cache_, dir_, std::vector<ResourceMount>{{"/models", RM_SPHINX_MODELS}});
  }
  void TearDown() override { std::system(("rm -rf '" + dir_ + "'").c_str()); }

  Result<std::unique_ptr<Node>> build(Map params) {
    Result<Map> validated =
        validate_params(pocketsphinx_node_spec(), params, "asr", "$.nodes[0].params");
    if (!validated) return validated.take_error();
    return pocketsphinx_node_spec().create(NodeConfig{"asr", "PocketSphinxNode", *validated,
                                                      "$.nodes[0]", dir_, nullptr, loader_.get()});
  }
  std::string error_code(Map params, std::string* path = nullptr) {
    Result<std::unique_ptr<Node>> node = build(std::move(params));
    if (node) return "built";
    if (path != nullptr) *path = node.error().path;
    EXPECT_EQ(node.error().node_id, "asr");
    return node.error().code;
  }
  void write(const std::string& name, const std::string& text) {
    std::ofstream(dir_ + "/" + name, std::ios::binary) << text;
  }
  // A copy of the en-us acoustic model under the pipeline directory, as "hmm".
  void model_copy() {
    std::system(("rm -rf '" + dir_ + "/hmm'").c_str());
    ASSERT_EQ(std::system(("cp -r " RM_SPHINX_MODELS "/en-us/en-us '" + dir_ + "/hmm'").c_str()),
              0);
  }
  // The copy with `file` cut to `bytes`.
  void damaged_copy(const std::string& file, std::size_t bytes) {
    model_copy();
    std::string path = dir_ + "/hmm/" + file;
    ASSERT_EQ(::truncate(path.c_str(), static_cast<off_t>(bytes)), 0);
  }

  std::string dir_;
  ResourceCache cache_;
  std::unique_ptr<ResourceLoader> loader_;
};

// jfk.wav (16 kHz mono), decoded by AudioDecodeNode.
Value jfk(std::int64_t start_frame = 0) {
  std::ifstream file(RM_JFK_WAV, std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
  Result<std::unique_ptr<Node>> decoder = build_node(audio_decode_node_spec(), {});
  List out;
  EXPECT_TRUE(run_items(**decoder, {Value(Bytes{Buffer::copy_of(bytes.data(), bytes.size())})}, out)
                  .is_ok());
  if (out.empty()) return Value();
  Audio audio = *out[0].as_audio();
  audio.start_frame = start_frame;
  return Value(std::move(audio));
}

std::string text_of(const Value& transcript) {
  return *transcript.as_map()->find("text")->as_string();
}

TEST_F(PocketSphinxNodeTest, RecognisesRealSpeechOntoTheInputsTimeline) {
  Result<std::unique_ptr<Node>> node = build({});
  ASSERT_TRUE(node.is_ok()) << node.error().message;
  List out;
  ASSERT_TRUE(run_items(**node, {jfk(), jfk(16000 * 60)}, out).is_ok());
  ASSERT_EQ(out.size(), 2u);
  const std::string text = text_of(out[0]);
  EXPECT_NE(text.find("what your country can do for you"), std::string::npos) << text;
  EXPECT_EQ(text_of(out[1]), text) << "the same audio later on the timeline: the same words";
  const List& early = *out[0].as_map()->find("segments")->as_list();
  const List& late = *out[1].as_map()->find("segments")->as_list();
  ASSERT_EQ(early.size(), late.size());
  ASSERT_GE(early.size(), 10u);
  std::string words;
  double last_end = 0;
  for (std::size_t i = 0; i < early.size(); ++i) {
    const Map& a = *early[i].as_map();
    const Map& b = *late[i].as_map();
    const double start = *a.find("start")->as_float();
    const double end = *a.find("end")->as_float();
    EXPECT_LE(last_end, start + 1e-9) << "words do not overlap";
    EXPECT_LT(start, end);
    EXPECT_LE(end, 11.0);
    EXPECT_NEAR(*b.find("start")->as_float(), start + 60.0, 1e-9);
    last_end = end;
    words += (words.empty() ? "" : " ") + *a.find("word")->as_string();
  }
  EXPECT_EQ(words, text) << "segments are the text's words, without fillers";
}

TEST_F(PocketSphinxNodeTest, SilenceAndEmptyAudioGiveNoWordsAndOtherAudioIsRefused) {
  Result<std::unique_ptr<Node>> node = build({});
  ASSERT_TRUE(node.is_ok()) << node.error().message;
  List out;
  ASSERT_TRUE(
      run_items(**node, {audio_value(std::vector<float>(16000, 0.0f)), audio_value({})}, out)
          .is_ok());
  ASSERT_EQ(out.size(), 2u);
  for (const Value& item : out) {
    EXPECT_EQ(text_of(item), "");
    EXPECT_TRUE(item.as_map()->find("segments")->as_list()->empty());
  }
  for (const Value& wrong :
       {audio_value(std::vector<float>(800, 0.1f), 8000),
        audio_value(std::vector<float>(3200, 0.1f), 16000, 2), Value(std::string("words"))}) {
    out.clear();
    Status status = run_items(**node, {wrong}, out);
    EXPECT_EQ(status.error().code, errc::invalid_audio);
    EXPECT_EQ(status.error().node_id, "asr");
  }
}

TEST_F(PocketSphinxNodeTest, KeyphrasesAndGrammarsAreOtherSearches) {
  Result<std::unique_ptr<Node>> spotter =
      build({{"keyphrase", Value("country")}, {"kws_threshold", Value(1e-20)}});
  ASSERT_TRUE(spotter.is_ok()) << spotter.error().message;
  List out;
  ASSERT_TRUE(run_items(**spotter, {jfk()}, out).is_ok());
  ASSERT_EQ(out.size(), 1u);
  EXPECT_NE(text_of(out[0]).find("country"), std::string::npos) << text_of(out[0]);

  write("g.gram",
        "#JSGF V1.0;\ngrammar g;\npublic <s> = [and so my fellow americans] ask not what your "
        "country can do for you ask what you can do for your country;\n");
  Result<std::unique_ptr<Node>> grammar = build({{"jsgf", Value("g.gram")}});
  ASSERT_TRUE(grammar.is_ok()) << grammar.error().message;
  out.clear();
  ASSERT_TRUE(run_items(**grammar, {jfk()}, out).is_ok());
  EXPECT_NE(text_of(out[0]).find("ask not what your country can do for you"), std::string::npos)
      << text_of(out[0]);
}

TEST_F(PocketSphinxNodeTest, TheDecoderIsLoadedOncePerRuntimeAndSearch) {
  ASSERT_TRUE(build({}).is_ok());
  ASSERT_TRUE(build({}).is_ok());
  EXPECT_EQ(cache_.object_counts().built, 1u);
  EXPECT_EQ(cache_.object_counts().reused, 1u);
  ASSERT_TRUE(build({{"keyphrase", Value("country")}}).is_ok());
  EXPECT_EQ(cache_.object_counts().built, 2u) << "another search is another decoder";
}

TEST_F(PocketSphinxNodeTest, BadPathsAndSearchesAreRefusedAtTheirParam) {
  std::string path;
  EXPECT_EQ(error_code({{"hmm", Value("/models/en-us/nope")}}, &path), errc::resource_not_found);
  EXPECT_EQ(path, "$.nodes[0].params.hmm");
  EXPECT_EQ(error_code({{"hmm", Value("/models/en-us/en-us.lm.bin")}}), errc::resource_not_found)
      << "hmm is a directory";
  EXPECT_EQ(error_code({{"dict", Value("/etc/passwd")}}, &path), errc::resource_outside);
  EXPECT_EQ(path, "$.nodes[0].params.dict");
  EXPECT_EQ(error_code({{"lm", Value("../x.lm")}}, &path), errc::resource_outside);
  EXPECT_EQ(error_code({{"lm", Value("resource:lm")}}, &path), errc::resource_not_found);
  EXPECT_EQ(error_code({{"jsgf", Value("missing.gram")}}, &path), errc::resource_not_found);
  EXPECT_EQ(path, "$.nodes[0].params.jsgf");
  EXPECT_EQ(
      error_code({{"lm", Value("/models/en-us/en-us.lm.bin")}, {"keyphrase", Value("x")}}, &path),
      errc::invalid_param);
  EXPECT_EQ(path, "$.nodes[0].params.keyphrase");
  EXPECT_EQ(error_code({{"kws_threshold", Value(0)}}), errc::invalid_param);
}

TEST_F(PocketSphinxNodeTest, BrokenModelFilesAreRefusedBeforePocketSphinxReadsThem) {
  write("lm.bin", "not a language model");
  std::string path;
  EXPECT_EQ(error_code({{"lm", Value("lm.bin")}}, &path), errc::invalid_model);
  EXPECT_EQ(path, "$.nodes[0].params");
  write("empty", "");
  ASSERT_EQ(mkdir((dir_ + "/nohmm").c_str(), 0700), 0);
  EXPECT_EQ(error_code({{"hmm", Value("nohmm")}}, &path), errc::invalid_model);
  EXPECT_EQ(path, "$.nodes[0].params.hmm");

  // Each file cut short: pocketsphinx would read past its buffers or end the process.
  for (const char* file : {"mdef", "means", "variances", "transition_matrices", "sendump"}) {
    SCOPED_TRACE(file);
    damaged_copy(file, 1000);
    Result<std::unique_ptr<Node>> node = build({{"hmm", Value("hmm")}});
    ASSERT_FALSE(node.is_ok());
    EXPECT_EQ(node.error().code, errc::invalid_model);
    EXPECT_NE(node.error().message.find(file), std::string::npos) << node.error().message;
  }
  damaged_copy("feat.params", 30);
  EXPECT_EQ(error_code({{"hmm", Value("hmm")}}), errc::invalid_model)
      << "what pocketsphinx refuses itself comes back as an error, with its reasons";
}

TEST_F(PocketSphinxNodeTest, AModelForAnotherSampleRateIsRefused) {
  model_copy();
  std::ofstream(dir_ + "/hmm/feat.params", std::ios::app) << "-samprate 8000\n-upperf 3500\n";
  Result<std::unique_ptr<Node>> node = build({{"hmm", Value("hmm")}});
  ASSERT_FALSE(node.is_ok());
  EXPECT_EQ(node.error().code, errc::invalid_model);
  EXPECT_NE(node.error().message.find("8000 Hz"), std::string::npos) << node.error().message;
}

TEST_F(PocketSphinxNodeTest, AModelFileLinkedFromOutsideIsRefused) {
  model_copy();
  std::remove((dir_ + "/hmm/noisedict").c_str());
  ASSERT_EQ(symlink("/etc/passwd", (dir_ + "/hmm/noisedict").c_str()), 0);
  std::string path;
  EXPECT_EQ(error_code({{"hmm", Value("hmm")}}, &path), errc::resource_outside);
  EXPECT_EQ(path, "$.nodes[0].params.hmm");
}

}  // namespace
}  // namespace remotemedia
