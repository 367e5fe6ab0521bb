package io.appstack.operator.kube;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.SecondaryToPrimaryMapper;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Every event a child informer maps to a stack gives that stack a stamp it never had before. */
class ChildChangesTest {
  static final ResourceID SHOP = new ResourceID("shop", "team");
  static final ResourceID BLOG = new ResourceID("blog", "team");
  final ChildChanges changes = ChildChanges.of(new Object());

  static ConfigMap child(String name) {
    return new ConfigMapBuilder().withNewMetadata().withName(name).withNamespace("team").endMetadata().build();
  }

  @Test
  void eachMappedEventStampsItsStacksAnewAndNoOther() {
    SecondaryToPrimaryMapper<ConfigMap> mapper = changes.stamping(
        c -> c.getMetadata().getName().startsWith("shop") ? Set.of(SHOP) : Set.of());
    assertThat(changes.stamp(SHOP)).isZero();

    assertThat(mapper.toPrimaryResourceIDs(child("shop-api"))).as("the mapper's answer").containsExactly(SHOP);
    long first = changes.stamp(SHOP);
    assertThat(first).isPositive();
    mapper.toPrimaryResourceIDs(child("shop-api"));
    assertThat(changes.stamp(SHOP)).isGreaterThan(first);
    long second = changes.stamp(SHOP);

    mapper.toPrimaryResourceIDs(child("unowned"));
    assertThat(changes.stamp(SHOP)).isEqualTo(second);
    assertThat(changes.stamp(BLOG)).isZero();
  }

  @Test
  void eachControllerHasItsOwnStamps() {
    Object controller = new Object();
    ChildChanges.of(controller).stamping(c -> Set.of(SHOP)).toPrimaryResourceIDs(child("shop-api"));
    assertThat(ChildChanges.of(controller).stamp(SHOP)).isPositive();
    assertThat(changes.stamp(SHOP)).isZero();
  }

  @Test
  void aForgottenStackReadsZeroAndItsNextChangeIsNewAgain() {
    SecondaryToPrimaryMapper<ConfigMap> mapper = changes.stamping(c -> Set.of(BLOG));
    mapper.toPrimaryResourceIDs(child("blog-api"));
    long before = changes.stamp(BLOG);
    changes.retain(Set.of(SHOP));
    assertThat(changes.stamp(BLOG)).isZero();
    mapper.toPrimaryResourceIDs(child("blog-api"));
    assertThat(changes.stamp(BLOG)).isGreaterThan(before);
  }
}
