package io.appstack.operator.kube;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PackedObjectsTest {
  final PackedObjects packer = new PackedObjects();

  @Test
  void whatIsPackedUnpacksToTheSameBytesWhateverItIs() {
    Random random = new Random(7);
    for (int length : new int[] {0, 1, 100, 5_000, 70_000}) {
      byte[] noise = new byte[length];
      random.nextBytes(noise);
      assertThat(packer.unpack(packer.pack(noise))).isEqualTo(noise);
    }
  }

  @Test
  void textsLikeTheFirstPackSmallAndTextsPackedBeforeTheDictionaryGrewStillUnpack() {
    byte[] first = text("stack-0", "a".repeat(3_000));
    PackedObjects.Packed firstPacked = packer.pack(first);
    PackedObjects.Packed similar = packer.pack(text("stack-1", "a".repeat(3_000)));
    assertThat(similar.bytes().length).isLessThan(first.length / 20); // mostly a repeat of the dictionary

    List<PackedObjects.Packed> shapes = new ArrayList<>();
    Random random = new Random(3);
    for (int i = 0; i < PackedObjects.MAX_ADDITIONS + 3; i++) {
      byte[] novel = new byte[2_000];
      random.nextBytes(novel); // every one a new shape: it joins the dictionary while it may
      shapes.add(packer.pack(novel));
    }
    assertThat(shapes.stream().map(PackedObjects.Packed::dictionary).distinct())
        .hasSizeLessThanOrEqualTo(PackedObjects.MAX_ADDITIONS + 1);
    assertThat(packer.unpack(firstPacked)).isEqualTo(first);
    assertThat(new String(packer.unpack(similar), StandardCharsets.UTF_8)).contains("stack-1");
  }

  private static byte[] text(String name, String body) {
    return ("{\"metadata\":{\"name\":\"" + name + "\"},\"spec\":\"" + body + "\"}").getBytes(StandardCharsets.UTF_8);
  }
}
