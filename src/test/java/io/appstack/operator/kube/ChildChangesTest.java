package io.appstack.operator.kube;

import static org.assertj.core.api.Assertions.assertThat;

import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Every change to a stack's children gives that stack a stamp it never had before. */
class ChildChangesTest {
  static final ResourceID SHOP = new ResourceID("shop", "team");
  static final ResourceID BLOG = new ResourceID("blog", "team");
  final ChildChanges changes = ChildChanges.of(new Object());

  @Test
  void eachChangeStampsItsStacksAnewAndNoOther() {
    assertThat(changes.stamp(SHOP)).isZero();
    changes.changed(Set.of(SHOP));
    long first = changes.stamp(SHOP);
    assertThat(first).isPositive();
    changes.changed(Set.of(SHOP));
    assertThat(changes.stamp(SHOP)).isGreaterThan(first);
    long second = changes.stamp(SHOP);

    changes.changed(Set.of()); // a child that belongs to no stack
    assertThat(changes.stamp(SHOP)).isEqualTo(second);
    assertThat(changes.stamp(BLOG)).isZero();
  }

  @Test
  void eachControllerHasItsOwnStamps() {
    Object controller = new Object();
    ChildChanges.of(controller).changed(Set.of(SHOP));
    assertThat(ChildChanges.of(controller).stamp(SHOP)).isPositive();
    assertThat(changes.stamp(SHOP)).isZero();
  }

  @Test
  void aForgottenStackReadsZeroAndItsNextChangeIsNewAgain() {
    changes.changed(Set.of(BLOG));
    long before = changes.stamp(BLOG);
    changes.retain(Set.of(SHOP));
    assertThat(changes.stamp(BLOG)).isZero();
    changes.changed(Set.of(BLOG));
    assertThat(changes.stamp(BLOG)).isGreaterThan(before);
  }
}
