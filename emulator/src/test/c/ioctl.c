#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <fcntl.h>
#include <unistd.h>
struct ion_allocation_data { unsigned len, align, heap_id_mask, flags; int handle; };
int main(void) {
    struct ion_allocation_data d = { 4096, 4096, 1 << 2, 1, 0 };
    int r = ioctl(1, 0xC0144900, &d);
    printf("ioctl=%d handle=%d\n", r, d.handle);
    int fd = open("/dev/ion", O_RDWR | O_CLOEXEC);
    printf("open=%d\n", fd);
    return 0;
}
