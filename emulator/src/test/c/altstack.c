/*
 * altstack - sigaltstack(2): a stack overflow caught on the alternate stack, the errors, and
 * SS_AUTODISARM. Prints only booleans and errno names, so the output is the same under qemu-arm
 * (except SS_AUTODISARM, which qemu-arm 7.2 rejects with EINVAL and Linux 4.7+ accepts).
 */
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef SS_AUTODISARM
#define SS_AUTODISARM (1U << 31)
#endif
#define ALT_SIZE (64 * 1024)

static char *alt;
static sigjmp_buf back;
static volatile int on_alt, flags_inside, eperm_inside, depth;

static const char *err(int r)
{
	return r == 0 ? "0" : errno == ENOMEM ? "ENOMEM" : errno == EINVAL ? "EINVAL" : errno == EPERM ? "EPERM"
		: errno == EFAULT ? "EFAULT" : "other";
}

static void on_segv(int sig, siginfo_t *si, void *uc)
{
	char here;
	stack_t cur, other;

	(void)sig; (void)si; (void)uc;
	on_alt = &here > alt && &here < alt + ALT_SIZE;
	sigaltstack(NULL, &cur);
	flags_inside = cur.ss_flags;
	other.ss_sp = malloc(ALT_SIZE);
	other.ss_size = ALT_SIZE;
	other.ss_flags = 0;
	eperm_inside = sigaltstack(&other, NULL) == -1 && errno == EPERM;
	siglongjmp(back, 1);
}

static int recurse(int n)
{
	volatile char pad[4096];

	pad[0] = (char)n;
	depth = n;
	return recurse(n + 1) + pad[0];
}

static volatile int usr1_flags = -1;

static void on_usr1(int sig, siginfo_t *si, void *uc)
{
	stack_t cur;

	(void)sig; (void)si; (void)uc;
	sigaltstack(NULL, &cur);
	usr1_flags = cur.ss_flags;
}

int main(void)
{
	stack_t ss, old;
	struct sigaction sa;

	setvbuf(stdout, NULL, _IOLBF, 0);
	sigaltstack(NULL, &old);
	printf("initially disabled: %d\n", old.ss_flags == SS_DISABLE);
	alt = malloc(ALT_SIZE);
	ss.ss_sp = alt;
	ss.ss_flags = 0;
	ss.ss_size = 1024;
	printf("too small: %s\n", err(sigaltstack(&ss, NULL)));
	ss.ss_size = ALT_SIZE;
	ss.ss_flags = 5;
	printf("bad flags: %s\n", err(sigaltstack(&ss, NULL)));
	ss.ss_flags = 0;
	printf("set: %s\n", err(sigaltstack(&ss, &old)));
	sigaltstack(NULL, &old);
	printf("reads back: %d\n", old.ss_sp == alt && old.ss_size == ALT_SIZE && old.ss_flags == 0);

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_segv;
	sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
	sigaction(SIGSEGV, &sa, NULL);
	if (sigsetjmp(back, 1) == 0) {
		recurse(0);
		printf("not reached\n");
	}
	printf("overflow caught on the alternate stack: %d, SS_ONSTACK inside: %d, EPERM inside: %d, deep: %d\n",
	       on_alt, flags_inside == SS_ONSTACK, eperm_inside, depth > 100);

	ss.ss_flags = SS_AUTODISARM;
	printf("autodisarm set: %s\n", err(sigaltstack(&ss, NULL)));
	/* SA_SIGINFO: ARM's rt_sigreturn restores the alternate stack from uc_stack, sigreturn does not */
	sa.sa_sigaction = on_usr1;
	sa.sa_flags = SA_ONSTACK | SA_SIGINFO;
	sigaction(SIGUSR1, &sa, NULL);
	raise(SIGUSR1);
	sigaltstack(NULL, &old);
	printf("disarmed inside the handler: %d, restored after it: %d\n", usr1_flags == SS_DISABLE,
	       old.ss_size == ALT_SIZE && (unsigned)old.ss_flags == SS_AUTODISARM);
	ss.ss_flags = SS_DISABLE;
	printf("disable: %s\n", err(sigaltstack(&ss, NULL)));
	sigaltstack(NULL, &old);
	printf("disabled: %d\n", old.ss_flags == SS_DISABLE && old.ss_size == 0);
	return 0;
}
