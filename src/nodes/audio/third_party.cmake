# The audio family's third-party sources, compiled from the audio dependency cache
# (scripts/audio-deps/fetch.sh, run by scripts/setup.sh) into every build, native and wasm32-wasi
# alike, with the runtime's base options (no exceptions, no FMA contraction: the same float results
# on every target). REMOTEMEDIA_AUDIO_DEPS_CMAKE names the cache's audio-deps.cmake.
set(REMOTEMEDIA_AUDIO_DEPS_CMAKE "${CMAKE_SOURCE_DIR}/.cache/audio-deps/current/audio-deps.cmake"
    CACHE FILEPATH "audio-deps.cmake written by scripts/audio-deps/fetch.sh")
if(NOT EXISTS "${REMOTEMEDIA_AUDIO_DEPS_CMAKE}")
  message(FATAL_ERROR "audio dependencies not fetched: ${REMOTEMEDIA_AUDIO_DEPS_CMAKE} is missing; "
                      "run scripts/setup.sh (or scripts/audio-deps/fetch.sh)")
endif()
include("${REMOTEMEDIA_AUDIO_DEPS_CMAKE}")
# Re-configure when the cache moves to another prefix.
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS "${REMOTEMEDIA_AUDIO_DEPS_CMAKE}")

# speexdsp's resampler, on its own (OUTSIDE_SPEEX), in floating point, its symbols prefixed rm_speex_.
add_library(rm_speexdsp_resampler STATIC "${RM_SPEEXDSP_DIR}/resample.c")
target_compile_definitions(rm_speexdsp_resampler
  PRIVATE FLOATING_POINT EXPORT=
  PUBLIC OUTSIDE_SPEEX RANDOM_PREFIX=rm_speex)
target_include_directories(rm_speexdsp_resampler SYSTEM PUBLIC "${RM_SPEEXDSP_DIR}")
remotemedia_set_third_party_options(rm_speexdsp_resampler)

# WebRTC's voice activity detector (fixed point).
set(rm_webrtc "${RM_WEBRTCVAD_DIR}/webrtc")
add_library(rm_webrtc_vad STATIC
  ${rm_webrtc}/common_audio/signal_processing/complex_bit_reverse.c
  ${rm_webrtc}/common_audio/signal_processing/complex_fft.c
  ${rm_webrtc}/common_audio/signal_processing/cross_correlation.c
  ${rm_webrtc}/common_audio/signal_processing/division_operations.c
  ${rm_webrtc}/common_audio/signal_processing/downsample_fast.c
  ${rm_webrtc}/common_audio/signal_processing/energy.c
  ${rm_webrtc}/common_audio/signal_processing/get_scaling_square.c
  ${rm_webrtc}/common_audio/signal_processing/min_max_operations.c
  ${rm_webrtc}/common_audio/signal_processing/resample_48khz.c
  ${rm_webrtc}/common_audio/signal_processing/resample_by_2_internal.c
  ${rm_webrtc}/common_audio/signal_processing/resample_fractional.c
  ${rm_webrtc}/common_audio/signal_processing/spl_init.c
  ${rm_webrtc}/common_audio/signal_processing/spl_inl.c
  ${rm_webrtc}/common_audio/signal_processing/spl_sqrt.c
  ${rm_webrtc}/common_audio/signal_processing/vector_scaling_operations.c
  ${rm_webrtc}/common_audio/third_party/spl_sqrt_floor/spl_sqrt_floor.c
  ${rm_webrtc}/common_audio/vad/vad_core.c
  ${rm_webrtc}/common_audio/vad/vad_filterbank.c
  ${rm_webrtc}/common_audio/vad/vad_gmm.c
  ${rm_webrtc}/common_audio/vad/vad_sp.c
  ${rm_webrtc}/common_audio/vad/webrtc_vad.c
  ${rm_webrtc}/rtc_base/checks.cc)
target_compile_definitions(rm_webrtc_vad PRIVATE WEBRTC_POSIX)
if(REMOTEMEDIA_WASI)
  target_include_directories(rm_webrtc_vad BEFORE PRIVATE
                             "${CMAKE_CURRENT_SOURCE_DIR}/third_party/wasi_pthread")
endif()
target_include_directories(rm_webrtc_vad SYSTEM PUBLIC "${RM_WEBRTCVAD_DIR}")
remotemedia_set_third_party_options(rm_webrtc_vad)

# miniaudio, for decoding only (third_party/miniaudio_config.h).
add_library(rm_miniaudio STATIC third_party/miniaudio_decoding.c)
target_include_directories(rm_miniaudio SYSTEM PUBLIC "${RM_MINIAUDIO_DIR}")
target_include_directories(rm_miniaudio PUBLIC "${CMAKE_SOURCE_DIR}/src")
remotemedia_set_third_party_options(rm_miniaudio)
target_link_libraries(rm_miniaudio PUBLIC m)
