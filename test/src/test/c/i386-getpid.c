/*
 * Makes one i386 system call (getpid through int $0x80) from a 64-bit process: seccomp sees it as
 * AUDIT_ARCH_I386. Prints "i386 syscall returned PID" if the filter let it through.
 */
#include <stdio.h>

int main(void)
{
	long ret;

	__asm__ volatile("int $0x80" : "=a"(ret) : "a"(20L) : "memory");
	printf("i386 syscall returned %ld\n", ret);
	return 0;
}
