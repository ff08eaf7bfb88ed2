/*
 * The heapq module's heappush and heappop, in minipy's Python with the
 * algorithm of CPython's Lib/heapq.py (only `<` is used, so ties land where
 * CPython puts them). asyncio's timers and queue.PriorityQueue are built on it.
 */

export const HEAPQ_SOURCE = `
def heappush(heap, item):
    heap.append(item)
    _siftdown(heap, 0, len(heap) - 1)


def heappop(heap):
    lastelt = heap.pop()
    if not heap:
        return lastelt
    returnitem = heap[0]
    heap[0] = lastelt
    _siftup(heap, 0)
    return returnitem


def _siftdown(heap, startpos, pos):
    newitem = heap[pos]
    while pos > startpos:
        parentpos = (pos - 1) >> 1
        parent = heap[parentpos]
        if newitem < parent:
            heap[pos] = parent
            pos = parentpos
            continue
        break
    heap[pos] = newitem


def _siftup(heap, pos):
    endpos = len(heap)
    startpos = pos
    newitem = heap[pos]
    childpos = 2 * pos + 1
    while childpos < endpos:
        rightpos = childpos + 1
        if rightpos < endpos and not heap[childpos] < heap[rightpos]:
            childpos = rightpos
        heap[pos] = heap[childpos]
        pos = childpos
        childpos = 2 * pos + 1
    heap[pos] = newitem
    _siftdown(heap, startpos, pos)
`;
