package io.switchboard.voice.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.voice.dtmf.DtmfDetector;
import io.switchboard.voice.testing.ToneGenerator;
import java.lang.management.ManagementFactory;
import java.util.Base64;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class MediaPathAllocationTest {

  private static final int FRAMES = 2_000;

  @Test
  @DisplayName("Steady-state telephony frames in and out allocate nothing on the heap")
  void framesAllocateNothing() {
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    short[] signal = new ToneGenerator(8000).dual(770, 6000, 1336, 6000, 20);
    byte[] mulaw = new byte[160];
    MuLaw.encode(signal, 0, mulaw, 0, 160);
    String payload = Base64.getEncoder().encodeToString(mulaw);

    byte[] codes = new byte[160];
    short[] narrow = new short[160];
    short[] wide = new short[320];
    StringBuilder reply = new StringBuilder(Base64Audio.encodedLength(160));
    Upsampler up = new Upsampler();
    Downsampler down = new Downsampler();
    DtmfDetector dtmf = new DtmfDetector(8000);
    Runnable frame =
        () -> {
          Base64Audio.decode(payload, codes, 0);
          MuLaw.decode(codes, 0, narrow, 0, 160);
          dtmf.accept(narrow, 0, 160);
          up.process(narrow, 0, 160, wide, 0);
          down.process(wide, 0, 320, narrow, 0);
          MuLaw.encode(narrow, 0, codes, 0, 160);
          reply.setLength(0);
          Base64Audio.encode(codes, 0, 160, reply);
        };
    for (int i = 0; i < FRAMES; i++) {
      frame.run();
    }
    long id = Thread.currentThread().getId();
    long overhead = threads.getThreadAllocatedBytes(id);
    overhead = threads.getThreadAllocatedBytes(id) - overhead;
    long before = threads.getThreadAllocatedBytes(id);
    for (int i = 0; i < FRAMES; i++) {
      frame.run();
    }
    long allocated = threads.getThreadAllocatedBytes(id) - before - overhead;
    // Zero per frame: anything at all would be at least FRAMES times a small object.
    assertThat(allocated).isLessThan(FRAMES);
  }

  @Test
  @DisplayName("The one-shot resampler handles empty and one-sample signals")
  void oneShotEdges() {
    assertThat(RationalResampler.resample(new short[0], 24000, 16000)).isEmpty();
    assertThat(RationalResampler.resample(new short[1], 8000, 16000)).hasSize(2);
    assertThat(RationalResampler.resample(new short[1], 16000, 8000)).hasSize(1);
  }
}
