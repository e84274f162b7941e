"""The Python half of the bridge: run once in every interpreter the runtime starts (the main one
and each pipeline's).

Not importable: the runtime executes this text (compiled in, see embed_python_sources.cmake) in a
private namespace and calls its functions from C++ (src/python/bridge.h). It
- imports the embedded `remotemedia` package from text compiled into the runtime (no files),
- loads user node modules under the names their manifests give them,
- formats exceptions with tracebacks that are the same bytes on every target.
"""

import sys

# Source text of the code the runtime compiled itself, by the file name it was compiled under, so
# tracebacks can quote those lines without reading files (bytes or str).
_sources = {}
# Stdlib locations (directories or zip files), longest first; their frames print as <stdlib>/...
_stdlib_prefixes = ()
# Top-level names of the modules compiled into the runtime (the `remotemedia` package).
_embedded_names = frozenset()


class EmbeddedImporter:
    """Meta-path finder and loader for the modules compiled into the runtime."""

    def __init__(self, table):
        # name -> (file name for tracebacks, is package, UTF-8 source bytes)
        self._table = table

    def find_spec(self, fullname, path=None, target=None):
        entry = self._table.get(fullname)
        if entry is None:
            return None
        from importlib.machinery import ModuleSpec

        return ModuleSpec(fullname, self, origin=entry[0], is_package=entry[1])

    def create_module(self, spec):
        return None

    def exec_module(self, module):
        filename, _, source = self._table[module.__spec__.name]
        exec(compile_source(source, filename), module.__dict__)

    def get_source(self, fullname):
        entry = self._table.get(fullname)
        return None if entry is None else entry[2].decode("utf-8")

    def is_package(self, fullname):
        entry = self._table.get(fullname)
        return bool(entry and entry[1])


def install(table, stdlib_prefixes, recursion_limit, reserved_descriptors):
    global _stdlib_prefixes, _embedded_names
    _embedded_names = frozenset(name.partition(".")[0] for name in table)
    _stdlib_prefixes = tuple(
        sorted((p.rstrip("/") for p in stdlib_prefixes if p), key=len, reverse=True)
    )
    sys.meta_path.insert(0, EmbeddedImporter(table))
    sys.setrecursionlimit(recursion_limit)
    # The runtime's stdout carries exactly one JSON document: node output goes to stderr.
    sys.stdout = sys.stderr
    sys.__stdout__ = sys.stderr
    _refuse_process_control()
    _guard_descriptors(reserved_descriptors)
    import _remotemedia  # noqa: F401  (creates the Tensor and Audio types)


# --- process control ----------------------------------------------------------------------------
#
# A node runs inside the runtime's process: ending it, replacing it or forking it would end the run
# without a result (or print two). These functions are replaced, in `os` and `posix` alike, by ones
# that raise PermissionError naming the call, so the run ends with `python_error` for the node
# (docs/cli.md, "What a node cannot do"). sys.exit() needs nothing: SystemExit is an
# exception like any other and is reported as python_error. Functions a platform lacks (fork, kill
# on WASI) stay absent.

_REFUSED_ALWAYS = (
    "_exit", "abort", "fork", "forkpty", "execv", "execve", "execl", "execle", "execlp",
    "execlpe", "execvp", "execvpe",
)


def _refusal(name):
    return PermissionError(
        "os.%s() is refused: a node cannot end, replace or fork the runtime process" % name
    )


def _refusing(name):
    def refused(*args, **kwargs):
        raise _refusal(name)

    refused.__name__ = name
    refused.__qualname__ = name
    return refused


def _own_processes(os):
    pids = {os.getpid()}
    if hasattr(os, "getppid"):
        pids.add(os.getppid())
    return pids


def _own_groups(os):
    groups = set()
    for pid in _own_processes(os):
        try:
            groups.add(os.getpgid(pid))
        except OSError:
            pass
    return groups


def _refuse_process_control():
    import os
    import posix

    for name in _REFUSED_ALWAYS:
        for module in (os, posix):
            if hasattr(module, name):
                setattr(module, name, _refusing(name))
    real_kill = getattr(posix, "kill", None)
    if real_kill is not None:

        def kill(pid, sig):
            # 0 and negative pids reach this process's group or every process.
            if pid <= 0 or pid in _own_processes(os):
                raise _refusal("kill")
            return real_kill(pid, sig)

        os.kill = posix.kill = kill
    real_killpg = getattr(posix, "killpg", None)
    if real_killpg is not None:

        def killpg(pgid, sig):
            if pgid <= 0 or pgid in _own_groups(os):
                raise _refusal("killpg")
            return real_killpg(pgid, sig)

        os.killpg = posix.killpg = killpg
    try:
        import _signal
    except ImportError:  # a build without signals has nothing to refuse
        return
    # In `_signal` and in `signal` over it (patching one left the other reachable). `signal` is
    # not imported here (it costs `enum`, in every pipeline's interpreter): when a node imports
    # it later, it copies the patched functions from `_signal`.
    modules = (_signal,) if "signal" not in sys.modules else (_signal, sys.modules["signal"])
    for name in ("raise_signal", "pthread_kill"):
        if hasattr(_signal, name):
            for module in modules:
                setattr(module, name, _refusing_signal(name))
    _guard_timers(_signal, modules)


def _guard_timers(_signal, modules):
    """alarm() and setitimer() deliver a signal whose default action ends the process, and a
    node cannot install a handler (signal.signal works only in the main interpreter, which runs
    no node code): arming a timer is refused; disarming (0 seconds) is allowed."""
    real_alarm = getattr(_signal, "alarm", None)
    real_setitimer = getattr(_signal, "setitimer", None)

    def refused(name):
        return PermissionError(
            "signal.%s() is refused: its signal would end the runtime process" % name
        )

    if real_alarm is not None:

        def alarm(seconds):
            if seconds:
                raise refused("alarm")
            return real_alarm(seconds)

        for module in modules:
            module.alarm = alarm
    if real_setitimer is not None:

        def setitimer(which, seconds, interval=0.0):
            if seconds:
                raise refused("setitimer")
            return real_setitimer(which, seconds, interval)

        for module in modules:
            module.setitimer = setitimer


def _guard_descriptors(reserved):
    """The runtime's own descriptors (the CLI child's result pipe) are not node code's: closing
    one changes nothing (os.close does nothing, os.closerange skips it, so code that closes
    "every other descriptor" still works) and making one a copy of another (os.dup2) is refused.
    Natively node code can still reach them by other means (docs/cli.md)."""
    if not reserved:
        return
    import os
    import posix

    reserved = frozenset(reserved)
    real_close, real_closerange, real_dup2 = posix.close, posix.closerange, posix.dup2

    def close(fd):
        if fd not in reserved:
            real_close(fd)

    def closerange(fd_low, fd_high):
        start = fd_low
        for fd in sorted(fd for fd in reserved if fd_low <= fd < fd_high):
            if start < fd:
                real_closerange(start, fd)
            start = fd + 1
        if start < fd_high:
            real_closerange(start, fd_high)

    def dup2(fd, fd2, inheritable=True):
        if fd2 in reserved:
            raise PermissionError(
                "os.dup2() onto descriptor %d is refused: it is the runtime's result channel" % fd2
            )
        return real_dup2(fd, fd2, inheritable)

    for module in (os, posix):
        module.close, module.closerange, module.dup2 = close, closerange, dup2


def _refusing_signal(name):
    def refused(*args, **kwargs):
        raise PermissionError(
            "signal.%s() is refused: a node cannot end, replace or fork the runtime process" % name
        )

    refused.__name__ = name
    return refused


def compile_source(source, filename):
    """Compiles module text under `filename`, remembering the text for tracebacks."""
    _sources[filename] = source
    try:
        return compile(source, filename, "exec", dont_inherit=True)
    except SyntaxError as error:
        # CPython's parser takes the offending line from the file `filename` names, read relative
        # to the working directory (another file, or none): show the compiled text's own line.
        if error.filename == filename and isinstance(error.lineno, int):
            text = source.decode("utf-8", "replace") if isinstance(source, bytes) else source
            lines = text.splitlines(True)
            error.text = lines[error.lineno - 1] if 0 < error.lineno <= len(lines) else None
        raise


def _module_name(stem):
    """A free module name based on `stem` that shadows nothing importable."""
    base = stem if stem.isidentifier() else "node_module"
    candidate, n = base, 1
    while candidate in sys.modules or _importable(candidate):
        n += 1
        candidate = "%s_%d" % (base, n)
    return candidate


def _importable(name):
    """True for a top-level name the runtime can import: the stdlib's (whether or not this build
    ships it, so a name is taken alike on every target), the builtins' and the embedded package's.
    Nothing else is on sys.path, so no search of it (which would open the stdlib zip's directory
    for every node) is needed."""
    return (
        name in sys.stdlib_module_names
        or name in sys.builtin_module_names
        or name in _embedded_names
    )


def new_scope():
    """A module scope: {"files": {resolved path: module}}. A pipeline's lives as long as its
    interpreter, which takes the modules and their source text with it when it ends."""
    return {"files": {}}


def _exec_module(stem, filename, source, file_path):
    module = type(sys)(_module_name(stem))
    if file_path is not None:
        module.__file__ = file_path
    # Registered while it runs and after, so dataclasses, typing and pickle find it by name.
    sys.modules[module.__name__] = module
    exec(compile_source(source, filename), module.__dict__)
    return module


def load_file_module(stem, filename, source, file_path, scope):
    """The module for a node file: executed on its first use in the scope, then shared."""
    module = scope["files"].get(file_path)
    if module is None:
        module = _exec_module(stem, filename, source, file_path)
        scope["files"][file_path] = module
    return module


def load_source_module(stem, filename, source):
    """A fresh module for a node's inline source."""
    return _exec_module(stem, filename, source, None)


def find_class(module, name):
    """(the class, None) or (None, why not): a missing name or a non-class is reported."""
    obj = getattr(module, name, None)
    if obj is None:
        classes = sorted(
            k for k, v in vars(module).items() if isinstance(v, type) and not k.startswith("_")
        )
        return None, "has no class '%s' (classes: %s)" % (name, ", ".join(classes) or "none")
    if not isinstance(obj, type):
        return None, "defines '%s' as %s, not a class" % (name, type(obj).__name__)
    return obj, None


# --- tracebacks ---------------------------------------------------------------------------------

# The name this file was compiled under (embed_python_sources.cmake).
_BRIDGE_FILENAME = compile_source.__code__.co_filename


def _stable_filename(name):
    """Host stdlib paths -> "<stdlib>/..."; every other name is already stable."""
    for prefix in _stdlib_prefixes:
        if name.startswith(prefix + "/"):
            return "<stdlib>/" + name[len(prefix) + 1 :]
    return name


def _source_line(filename, lineno):
    text = _sources.get(filename)
    if text is None or lineno is None or lineno < 1:
        return ""
    if isinstance(text, bytes):
        from importlib.util import decode_source

        try:
            text = decode_source(text)
        except Exception:
            return ""
        _sources[filename] = text
    # Line boundaries as the tokenizer counts them; with the newline, as linecache gives lines
    # (the traceback module's caret placement counts it).
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return lines[lineno - 1] + "\n" if lineno <= len(lines) else ""


def _rewrite(te, seen):
    """Gives every frame of `te` (and of its chained exceptions) a stable file name and quotes
    only the lines the runtime holds itself."""
    import traceback

    if te is None or id(te) in seen:
        return
    seen.add(id(te))
    frames = []
    for fs in te.stack:
        if fs.filename == _BRIDGE_FILENAME:
            continue  # the runtime's own plumbing (module loading), not the user's code
        frames.append(
            traceback.FrameSummary(
                _stable_filename(fs.filename),
                fs.lineno,
                fs.name,
                lookup_line=False,
                line=_source_line(fs.filename, fs.lineno),
                end_lineno=fs.end_lineno,
                colno=fs.colno,
                end_colno=fs.end_colno,
            )
        )
    te.stack = traceback.StackSummary.from_list(frames)
    if getattr(te, "filename", None):  # SyntaxError
        te.filename = _stable_filename(te.filename)
    _rewrite(te.__cause__, seen)
    _rewrite(te.__context__, seen)
    for sub in getattr(te, "exceptions", None) or ():
        _rewrite(sub, seen)


def exception_type_name(cls):
    name = getattr(cls, "__qualname__", None) or cls.__name__
    module = getattr(cls, "__module__", None)
    if module not in (None, "builtins", "__main__"):
        name = "%s.%s" % (module, name)
    return name


def format_exception(exc):
    """(type name, "Type: message", traceback text) for the runtime's error JSON."""
    import traceback

    name = exception_type_name(type(exc))
    try:
        text = str(exc)
    except Exception:
        text = "<exception str() failed>"
    message = "%s: %s" % (name, text) if text else name
    if isinstance(exc, MemoryError):
        # Frees what finished frames still hold (often what exhausted the memory).
        traceback.clear_frames(exc.__traceback__)
    te = traceback.TracebackException(
        type(exc), exc, exc.__traceback__, lookup_lines=False, compact=True
    )
    _rewrite(te, set())
    return name, message, "".join(te.format()).rstrip("\n")
