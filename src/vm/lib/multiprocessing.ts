/*
 * The multiprocessing module, in minipy's Python over the native
 * `_multiprocessing` (processes belong to src/vm/machine.ts). Children start
 * as the spawn method starts them: the main module runs again as
 * __mp_main__, so it guards its own start-up with
 * `if __name__ == '__main__':`, as on macOS and Windows.
 */

export const MULTIPROCESSING_SOURCE = `
import _multiprocessing as _mp
import queue as _queue

_counter = 0
_start_method = None


def cpu_count():
    return _mp.cpu_count()


def set_start_method(method, force=False):
    global _start_method
    if method not in ('fork', 'spawn', 'forkserver'):
        raise ValueError('cannot find context for ' + repr(method))
    if _start_method is not None and not force:
        raise RuntimeError('context has already been set')
    _start_method = method


def get_start_method(allow_none=False):
    if _start_method is None and allow_none:
        return None
    return 'spawn'


class _ProcessInfo:
    def __init__(self, name, pid):
        self.name = name
        self.pid = pid
        self.ident = pid
        self.daemon = False

    def __repr__(self):
        return '<_MainProcess name=' + repr(self.name) + ' parent=None started>' if self.name == 'MainProcess' else '<Process name=' + repr(self.name) + ' started>'


def current_process():
    return _ProcessInfo(_mp.current_name(), _mp.pid())


class Process:
    def __init__(self, group=None, target=None, name=None, args=(), kwargs=None, *, daemon=None):
        global _counter
        _counter += 1
        self._target = target
        self._args = tuple(args)
        self._kwargs = dict(kwargs) if kwargs else {}
        if name is None:
            parent = _mp.current_name()
            prefix = 'Process-' if parent == 'MainProcess' else parent + ':'
            name = prefix + str(_counter)
        self._name = str(name)
        self._daemon = bool(daemon) if daemon is not None else False
        self._pid = None

    def start(self):
        if self._pid is not None:
            raise AssertionError('cannot start a process twice')
        target = self._target if not self._kwargs else _call_with_kwargs
        args = self._args if not self._kwargs else (self._target, self._args, self._kwargs)
        self._pid = _mp.spawn(target, args, self._name, self._daemon)

    def run(self):
        if self._target is not None:
            self._target(*self._args, **self._kwargs)

    def join(self, timeout=None):
        if self._pid is None:
            raise AssertionError('can only join a started process')
        _mp.join(self._pid, -1 if timeout is None else timeout)

    def is_alive(self):
        return self._pid is not None and _mp.exitcode(self._pid) is None

    def terminate(self):
        pass

    def kill(self):
        pass

    def close(self):
        pass

    @property
    def exitcode(self):
        if self._pid is None:
            return None
        return _mp.exitcode(self._pid)

    @property
    def pid(self):
        return self._pid

    ident = pid

    @property
    def name(self):
        return self._name

    @name.setter
    def name(self, value):
        self._name = str(value)

    @property
    def daemon(self):
        return self._daemon

    @daemon.setter
    def daemon(self, value):
        if self._pid is not None:
            raise AssertionError('process has already started')
        self._daemon = bool(value)

    def __repr__(self):
        if self._pid is None:
            status = 'initial'
        elif _mp.exitcode(self._pid) is None:
            status = 'started'
        else:
            status = 'stopped exitcode=' + str(_mp.exitcode(self._pid))
        return '<Process name=' + repr(self._name) + ' ' + status + ('' if not self._daemon else ' daemon') + '>'


def _call_with_kwargs(target, args, kwargs):
    target(*args, **kwargs)


class Queue:
    def __init__(self, maxsize=0):
        self._qid = _mp.queue_new()
        self._maxsize = maxsize

    def put(self, obj, block=True, timeout=None):
        _mp.queue_put(self._qid, obj)

    def put_nowait(self, obj):
        self.put(obj, False)

    def get(self, block=True, timeout=None):
        found, item = _mp.queue_get(self._qid, block)
        if not found:
            raise _queue.Empty
        return item

    def get_nowait(self):
        return self.get(False)

    def qsize(self):
        return _mp.queue_qsize(self._qid)

    def empty(self):
        return _mp.queue_qsize(self._qid) == 0

    def close(self):
        pass

    def join_thread(self):
        pass


SimpleQueue = Queue


def _pool_worker(func, index, chunk, results):
    results.put((index, [func(x) for x in chunk]))


class Pool:
    def __init__(self, processes=None):
        if processes is None:
            processes = cpu_count()
        if processes < 1:
            raise ValueError('Number of processes must be at least 1')
        self._processes = processes
        self._state = 'RUN'

    def map(self, func, iterable, chunksize=None):
        if self._state != 'RUN':
            raise ValueError('Pool not running')
        items = list(iterable)
        if not items:
            return []
        n = min(self._processes, len(items))
        size, extra = divmod(len(items), n)
        chunks = []
        start = 0
        for i in range(n):
            end = start + size + (1 if i < extra else 0)
            chunks.append(items[start:end])
            start = end
        results = Queue()
        workers = [Process(target=_pool_worker, args=(func, i, chunk, results)) for i, chunk in enumerate(chunks)]
        for w in workers:
            w.start()
        parts = [None] * n
        for _ in range(n):
            i, part = results.get()
            parts[i] = part
        for w in workers:
            w.join()
        out = []
        for part in parts:
            out.extend(part)
        return out

    def close(self):
        self._state = 'CLOSE'

    def terminate(self):
        self._state = 'TERMINATE'

    def join(self):
        if self._state == 'RUN':
            raise ValueError('Pool is still running')

    def __enter__(self):
        return self

    def __exit__(self, *args):
        self.terminate()
`;
