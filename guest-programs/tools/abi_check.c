/* Prints ARM32 sizes, offsets and ioctl numbers of every guest ABI header. */
#include <stdio.h>
#include <stddef.h>
#include "ion.h"
#include "dma-heap.h"
#include "dma-buf.h"
#include "dmabuf_test.h"
#include "ion_test_module.h"
#include "cma_mem.h"
#include "heap_test.h"

#define SZ(t) printf("sizeof(%s) = %u align %u\n", #t, (unsigned)sizeof(t), (unsigned)__alignof__(t))
#define OFF(t, m) printf("  %s.%s @%u\n", #t, #m, (unsigned)offsetof(t, m))
#define IOC(c) printf("%-36s 0x%08X\n", #c, (unsigned)(c))

int main(void)
{
	SZ(struct ion_allocation_data); OFF(struct ion_allocation_data, handle);
	SZ(struct ion_fd_data); SZ(struct ion_handle_data); SZ(struct ion_custom_data);
	SZ(struct ion_heap_data); OFF(struct ion_heap_data, type); OFF(struct ion_heap_data, heap_id);
	SZ(struct ion_heap_query); OFF(struct ion_heap_query, heaps); OFF(struct ion_heap_query, reserved2);
	IOC(ION_IOC_ALLOC); IOC(ION_IOC_FREE); IOC(ION_IOC_MAP); IOC(ION_IOC_SHARE);
	IOC(ION_IOC_IMPORT); IOC(ION_IOC_CUSTOM); IOC(ION_IOC_SYNC); IOC(ION_IOC_HEAP_QUERY);

	SZ(struct dma_heap_allocation_data); OFF(struct dma_heap_allocation_data, fd);
	OFF(struct dma_heap_allocation_data, fd_flags); OFF(struct dma_heap_allocation_data, heap_flags);
	IOC(DMA_HEAP_IOCTL_ALLOC);
	SZ(struct dma_buf_sync); IOC(DMA_BUF_IOCTL_SYNC); IOC(DMA_BUF_SET_NAME);
	IOC(DMA_BUF_SET_NAME_A); IOC(DMA_BUF_SET_NAME_B);

	SZ(struct dmabuf_test_rw_data); SZ(struct dmabuf_test_kernel_info);
	OFF(struct dmabuf_test_kernel_info, handle_id); OFF(struct dmabuf_test_kernel_info, client_name);
	OFF(struct dmabuf_test_kernel_info, heap_name);
	IOC(DMABUF_IOC_TEST_GET_FD_FROM_USER); IOC(DMABUF_IOC_TEST_GET_FD_FROM_KERNEL);
	IOC(DMABUF_IOC_TEST_GET_KERNEL_INFO);

	IOC(VION_REGISTER_ION); IOC(VION_UNREGISTER_ION);

	SZ(struct mem_block);
	OFF(struct mem_block, name); OFF(struct mem_block, is_use_buffer); OFF(struct mem_block, id);
	OFF(struct mem_block, offset); OFF(struct mem_block, len); OFF(struct mem_block, phy_base);
	OFF(struct mem_block, mem_base); OFF(struct mem_block, kernel_base);
	IOC(CMEM_GET_PHYS); IOC(CMEM_MAP); IOC(CMEM_GET_SIZE); IOC(CMEM_UNMAP); IOC(CMEM_ALLOCATE);
	IOC(CMEM_CONNECT); IOC(CMEM_GET_TOTAL_SIZE); IOC(CMEM_CACHE_FLUSH);

	SZ(struct heap_test_map_data);
	OFF(struct heap_test_map_data, nents); OFF(struct heap_test_map_data, len);
	OFF(struct heap_test_map_data, dma_addr); OFF(struct heap_test_map_data, dma_len0);
	OFF(struct heap_test_map_data, reserved);
	IOC(HEAP_TEST_IOCTL_MAP);
	return 0;
}
