import asyncio

import numpy as np
import pytest

from bear.audio.ring import Overrun, RingBuffer
from conftest import arun


def test_fixed_memory_and_wraparound():
    ring = RingBuffer(10, 16000)
    buf = ring._buf
    assert ring.capacity == 160000 and buf.nbytes == 320000
    data = (np.arange(400000) % 30000).astype(np.int16)
    for i in range(0, len(data), 512):
        ring.write(data[i:i + 512])
    assert ring._buf is buf  # never reallocated
    assert ring.written == 400000
    assert ring.oldest == 400000 - 160000
    np.testing.assert_array_equal(ring.read(300000, 300100), data[300000:300100])
    # a range that straddles the physical end of the buffer
    wrap = 2 * 160000
    np.testing.assert_array_equal(ring.read(wrap - 50, wrap + 50), data[wrap - 50:wrap + 50])
    # the whole buffer at once
    np.testing.assert_array_equal(ring.read(ring.oldest, ring.written), data[-160000:])


def test_preroll_is_the_last_n_ms():
    ring = RingBuffer(10, 16000)
    data = np.arange(32000, dtype=np.int16)
    ring.write(data)
    np.testing.assert_array_equal(ring.last(250), data[-4000:])
    assert len(RingBuffer(10, 16000).last(250)) == 0  # nothing captured yet


def test_overwritten_samples_raise_overrun():
    ring = RingBuffer(10, 16000)
    ring.write(np.zeros(170000, dtype=np.int16))
    with pytest.raises(Overrun):
        ring.read(0, 100)


def test_oversized_block_keeps_the_newest_samples():
    ring = RingBuffer(10, 16000)
    data = np.arange(200000, dtype=np.int32).astype(np.int16)
    ring.write(data)
    assert ring.written == 200000
    np.testing.assert_array_equal(ring.read(ring.oldest, ring.written), data[-160000:])


def test_frames_yield_exact_blocks_as_audio_arrives():
    async def main():
        ring = RingBuffer(10, 16000)
        got = []

        async def reader():
            async for index, frame in ring.frames(512, start=0):
                got.append((index, frame.copy()))
                if len(got) == 4:
                    return

        task = asyncio.create_task(reader())
        data = np.arange(2048, dtype=np.int16)
        for i in range(0, 2048, 100):  # blocks of another size than the reader's
            ring.write(data[i:i + 100])
            await asyncio.sleep(0)
        await asyncio.wait_for(task, 2)
        assert [i for i, _ in got] == [0, 512, 1024, 1536]
        np.testing.assert_array_equal(np.concatenate([f for _, f in got]), data)

    arun(main())


def test_slow_reader_skips_ahead_instead_of_failing():
    async def main():
        ring = RingBuffer(10, 16000)
        ring.write(np.zeros(200000, dtype=np.int16))
        frames = ring.frames(512, start=0)
        index, frame = await frames.__anext__()
        # past the oldest sample by a margin (1 s here), so that catching up is not overrun at once
        assert index == ring.oldest + 16000 and len(frame) == 512
        np.testing.assert_array_equal(frame, ring.read(index, index + 512))

    arun(main())
