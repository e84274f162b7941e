/* The miniaudio options every translation unit that includes miniaudio.h must agree on (see
 * miniaudio_decoding.c). Include this before miniaudio.h. */
#ifndef REMOTEMEDIA_NODES_AUDIO_THIRD_PARTY_MINIAUDIO_CONFIG_H_
#define REMOTEMEDIA_NODES_AUDIO_THIRD_PARTY_MINIAUDIO_CONFIG_H_

#define MA_NO_DEVICE_IO
#define MA_NO_THREADING
#define MA_NO_ENCODING
#define MA_NO_GENERATION
#define MA_NO_RESOURCE_MANAGER
#define MA_NO_NODE_GRAPH
#define MA_NO_ENGINE
#define MA_NO_RUNTIME_LINKING
#define MA_NO_SSE2
#define MA_NO_AVX2
#define MA_NO_NEON
#define MA_DR_MP3_NO_SIMD
#define MA_DR_FLAC_NO_SIMD

#endif  // REMOTEMEDIA_NODES_AUDIO_THIRD_PARTY_MINIAUDIO_CONFIG_H_
