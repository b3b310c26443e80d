package vexmem.kernel.dmabuf;

/** An exporter's buffer that can name its pages (for host-side views such as the memory picture). */
public interface HasPages {
    SgTable pages();
}
