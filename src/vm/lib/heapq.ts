/*
 * The heapq module's heappush and heappop, in minipy's Python with the
 * algorithm of CPython's Lib/heapq.py (only `<` is used, so ties land where
 * CPython puts them). asyncio's timers and queue.PriorityQueue are built on it.
 */

export const HEAPQ_SOURCE = `
def heappush(heap, item):
    heap.append(item)
    pos = len(heap) - 1
    while pos > 0:
        parentpos = (pos - 1) >> 1
        parent = heap[parentpos]
        if item < parent:
            heap[pos] = parent
            pos = parentpos
            continue
        break
    heap[pos] = item


def heappop(heap):
    lastelt = heap.pop()
    if not heap:
        return lastelt
    returnitem = heap[0]
    heap[0] = lastelt
    endpos = len(heap)
    pos = 0
    childpos = 1
    while childpos < endpos:
        rightpos = childpos + 1
        if rightpos < endpos and not heap[childpos] < heap[rightpos]:
            childpos = rightpos
        heap[pos] = heap[childpos]
        pos = childpos
        childpos = 2 * pos + 1
    heap[pos] = lastelt
    while pos > 0:
        parentpos = (pos - 1) >> 1
        parent = heap[parentpos]
        if lastelt < parent:
            heap[pos] = parent
            pos = parentpos
            continue
        break
    heap[pos] = lastelt
    return returnitem
`;
