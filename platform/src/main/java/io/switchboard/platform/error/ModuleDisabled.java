package io.switchboard.platform.error;

/** The tenant has switched off the module that the request belongs to, e.g. {@code chat}. */
public final class ModuleDisabled extends SwitchboardException {

  private final String module;

  public ModuleDisabled(String module) {
    super("module-disabled", "the " + module + " module is disabled for this tenant");
    this.module = module;
  }

  /** The module that is switched off. */
  public String module() {
    return module;
  }
}
