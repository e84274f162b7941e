// What a run leaves behind (docs/cli.md, "The process model"). A node may start processes in a
// new session or process group (subprocess with start_new_session, os.setsid, a daemon's double
// fork), out of reach of the kill of the child's process group. The supervising parent is made
// the subreaper of everything it starts (PR_SET_CHILD_SUBREAPER): an orphan of the run is
// reparented to it instead of to init, and kill_descendants() ends it.
#pragma once

namespace remotemedia {

// Makes this process the subreaper of its descendants. Idempotent. Returns false when the kernel
// refuses (then orphans go to init as before).
bool adopt_orphans();

// SIGKILLs and reaps every child of this process, again for the children that killing one
// reparents here, until none is left (bounded: a process that forks faster than it is killed
// still runs out of rounds). Call it after the run's child was reaped, when every remaining child
// is the run's orphan. Returns how many processes it ended.
int kill_descendants();

}  // namespace remotemedia
