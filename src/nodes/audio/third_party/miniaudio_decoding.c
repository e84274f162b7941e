/* miniaudio's implementation, built for decoding only (WAV, FLAC, MP3 from memory into float32):
 * no device I/O, threads, encoders, engine or run-time linking, and no SIMD paths, so that the
 * native and wasm32 builds run the same scalar code and decode to the same bytes. The header comes
 * from the audio dependency cache (scripts/audio-deps/fetch.sh); miniaudio_config.h holds the
 * options, shared with the code that includes the header for its declarations. */
#include "nodes/audio/third_party/miniaudio_config.h"

#define MINIAUDIO_IMPLEMENTATION
#include "miniaudio.h"
