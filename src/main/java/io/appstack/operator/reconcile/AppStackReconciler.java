package io.appstack.operator.reconcile;

import io.appstack.operator.api.AppStack;
import io.javaoperatorsdk.operator.api.reconciler.*;

@ControllerConfiguration
public class AppStackReconciler implements Reconciler<AppStack> {
  @Override
  public UpdateControl<AppStack> reconcile(AppStack resource, Context<AppStack> context) {
    return UpdateControl.noUpdate();
  }
}
