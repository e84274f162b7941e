#include "nodes/register_builtin_nodes.h"

#include "nodes/audio/audio_nodes.h"
#include "nodes/math/math_nodes.h"
#include "nodes/speech/speech_nodes.h"
#if REMOTEMEDIA_WITH_PYTHON
#include "nodes/python/python_nodes.h"
#endif

namespace remotemedia {

Status register_builtin_nodes(NodeRegistry& registry) {
  RM_RETURN_IF_ERROR(register_math_nodes(registry));
  RM_RETURN_IF_ERROR(register_audio_nodes(registry));
  RM_RETURN_IF_ERROR(register_speech_nodes(registry));
#if REMOTEMEDIA_WITH_PYTHON
  RM_RETURN_IF_ERROR(register_python_nodes(registry));
#endif
  return Status::ok();
}

}  // namespace remotemedia
