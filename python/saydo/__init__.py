"""saydo -- political event coding from Python, over the C library libsaydo.

    import saydo
    events = saydo.code("Russian troops shelled Kharkiv on Monday.", date="2022-03-29")
    for e in events:
        print(e["source"], e["cameo"], e["target"], e["event_name"])

    with saydo.Coder() as coder:            # one coder, many articles
        for article in articles:
            for e in coder.code(article["text"], date=article["date"], id=article["id"]):
                ...

Each event is a dict: saydo's event record, the one `saydo code` writes as
JSON Lines (docs/schema.md, docs/event.schema.json: source, target, cameo,
quad_class, goldstein, plover, mood, location, the actors' text and names,
spans, ...; null fields are None).

The binding uses ctypes from Python's standard library over libsaydo.so: no
compiler and no pip.  The library is found by $SAYDO_LIB (a path), else in
the source tree's build/ (python/../build/libsaydo.so.0), else on the
system's library path (ctypes.util.find_library("saydo")).  The data folder
(dictionaries, CAMEO table) is the data_dir argument, else $SAYDO_DATA, else
the source tree's data/, else the library's installed default.
"""

import ctypes
import ctypes.util
import json
import os

__all__ = ["Coder", "SaydoError", "code", "version"]

_HERE = os.path.dirname(os.path.abspath(__file__))
_TREE = os.path.dirname(os.path.dirname(_HERE))

SAYDO_OUTPUT_JSONL = 0
_CODER_OPTIONS_VERSION = 1
_ERROR_MESSAGE_MAX = 512
_ERROR_FILE_MAX = 1024


class SaydoError(Exception):
    """A libsaydo error: code is the negative SAYDO_ERR_* value."""

    def __init__(self, code, message):
        super().__init__(message)
        self.code = code


class _Error(ctypes.Structure):
    # saydo_error in saydo.h
    _fields_ = [
        ("code", ctypes.c_int),
        ("message", ctypes.c_char * _ERROR_MESSAGE_MAX),
        ("file", ctypes.c_char * _ERROR_FILE_MAX),
        ("line", ctypes.c_long),
        ("byte", ctypes.c_long),
    ]


class _CoderOptions(ctypes.Structure):
    # saydo_coder_options (version 1) in saydo.h
    _fields_ = [
        ("version", ctypes.c_uint),
        ("data_dir", ctypes.c_char_p),
        ("cameo_file", ctypes.c_char_p),
        ("dicts", ctypes.POINTER(ctypes.c_char_p)),
        ("no_default_dicts", ctypes.c_int),
        ("keep_going", ctypes.c_int),
    ]


def _find_library():
    candidates = []
    if os.environ.get("SAYDO_LIB"):
        candidates.append(os.environ["SAYDO_LIB"])
    candidates.append(os.path.join(_TREE, "build", "libsaydo.so.0"))
    found = ctypes.util.find_library("saydo")
    if found:
        candidates.append(found)
    for path in candidates:
        if os.path.sep not in path or os.path.exists(path):
            try:
                return ctypes.CDLL(path)
            except OSError:
                continue
    raise OSError("libsaydo not found: set SAYDO_LIB to the path of libsaydo.so.0 "
                  "(tried %s)" % ", ".join(candidates))


_lib = None
_libc = None


def _load():
    """Load libsaydo and libc once and declare the functions used."""
    global _lib, _libc
    if _lib is not None:
        return _lib
    lib = _find_library()
    vp, cp, err = ctypes.c_void_p, ctypes.c_char_p, ctypes.POINTER(_Error)
    lib.saydo_version.restype = cp
    lib.saydo_version.argtypes = []
    lib.saydo_coder_options_init.restype = None
    lib.saydo_coder_options_init.argtypes = [ctypes.POINTER(_CoderOptions)]
    lib.saydo_coder_new.restype = ctypes.c_int
    lib.saydo_coder_new.argtypes = [ctypes.POINTER(_CoderOptions), ctypes.POINTER(vp), err]
    lib.saydo_coder_free.restype = None
    lib.saydo_coder_free.argtypes = [vp]
    lib.saydo_article_new.restype = ctypes.c_int
    lib.saydo_article_new.argtypes = [cp, cp, cp, cp, ctypes.c_size_t, ctypes.POINTER(vp), err]
    lib.saydo_article_free.restype = None
    lib.saydo_article_free.argtypes = [vp]
    lib.saydo_code.restype = ctypes.c_int
    lib.saydo_code.argtypes = [vp, vp, ctypes.POINTER(vp), err]
    lib.saydo_result_free.restype = None
    lib.saydo_result_free.argtypes = [vp]
    lib.saydo_write_events.restype = ctypes.c_int
    lib.saydo_write_events.argtypes = [vp, ctypes.c_int, vp, vp, vp, err]
    libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
    libc.open_memstream.restype = vp
    libc.open_memstream.argtypes = [ctypes.POINTER(ctypes.c_void_p), ctypes.POINTER(ctypes.c_size_t)]
    libc.fclose.restype = ctypes.c_int
    libc.fclose.argtypes = [vp]
    libc.free.restype = None
    libc.free.argtypes = [vp]
    _lib, _libc = lib, libc
    return lib


def _raise(rc, error):
    message = error.message.decode("utf-8", "replace") or "saydo error %d" % rc
    raise SaydoError(rc, message)


def _bytes(value):
    return None if value is None else str(value).encode("utf-8")


def version():
    """libsaydo's version string, e.g. "0.1.0"."""
    return _load().saydo_version().decode()


class Coder:
    """A coder: the CAMEO table and the dictionaries, loaded once (about a
    second), then used for any number of articles.  Not shared between
    threads; close() it (or use it in a with block) to free it."""

    def __init__(self, data_dir=None):
        lib = _load()
        if data_dir is None:
            data_dir = os.environ.get("SAYDO_DATA")
        if data_dir is None and os.path.exists(os.path.join(_TREE, "data", "cameo.tsv")):
            data_dir = os.path.join(_TREE, "data")
        self._data_dir = _bytes(data_dir)  # kept alive: the options point at it
        options = _CoderOptions()
        lib.saydo_coder_options_init(ctypes.byref(options))
        options.data_dir = self._data_dir
        handle = ctypes.c_void_p()
        error = _Error()
        rc = lib.saydo_coder_new(ctypes.byref(options), ctypes.byref(handle), ctypes.byref(error))
        if rc != 0:
            _raise(rc, error)
        self._handle = handle

    def close(self):
        """Free the coder (idempotent)."""
        if getattr(self, "_handle", None):
            _lib.saydo_coder_free(self._handle)
            self._handle = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def __del__(self):
        self.close()

    def code(self, text, date=None, id="python", title=None):
        """The events of one article as a list of dicts (saydo's event
        record).  date is the article's date (YYYY-MM-DD or any form saydo
        reads); title, when given, is its headline."""
        if not self._handle:
            raise ValueError("the coder is closed")
        lib, libc = _lib, _libc
        data = str(text).encode("utf-8")
        error = _Error()
        article = ctypes.c_void_p()
        rc = lib.saydo_article_new(_bytes(id), _bytes(date), _bytes(title), data, len(data),
                                   ctypes.byref(article), ctypes.byref(error))
        if rc != 0:
            _raise(rc, error)
        result = ctypes.c_void_p()
        buf = ctypes.c_void_p()
        size = ctypes.c_size_t()
        stream = None
        try:
            rc = lib.saydo_code(self._handle, article, ctypes.byref(result), ctypes.byref(error))
            if rc != 0:
                _raise(rc, error)
            stream = libc.open_memstream(ctypes.byref(buf), ctypes.byref(size))
            if not stream:
                raise MemoryError("open_memstream failed")
            rc = lib.saydo_write_events(stream, SAYDO_OUTPUT_JSONL, self._handle, article,
                                        result, ctypes.byref(error))
            closed = libc.fclose(stream)
            stream = None
            if rc != 0:
                _raise(rc, error)
            if closed != 0:
                raise OSError("writing the events failed")
            text_out = ctypes.string_at(buf, size.value).decode("utf-8") if buf else ""
        finally:
            if stream:
                libc.fclose(stream)
            if buf:
                libc.free(buf)
            if result:
                lib.saydo_result_free(result)
            lib.saydo_article_free(article)
        return [json.loads(line) for line in text_out.splitlines() if line]


_default = None


def code(text, date=None, id="python", title=None, data_dir=None):
    """The events of one article as a list of dicts; a coder is built on
    the first call and kept (use Coder to choose when it is freed)."""
    global _default
    if _default is None or data_dir is not None:
        _default = Coder(data_dir)
    return _default.code(text, date=date, id=id, title=title)
