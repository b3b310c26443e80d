package vexmem.kernel;

/**
 * Boot options (the kernel command line of the model).
 *
 * @param generation which kernel's user ABI to present ("4.9" for now; later "5.10", "6.1")
 */
public record KernelOptions(String generation) {
    public static final KernelOptions DEFAULT = new KernelOptions("4.9");
}
