package childproc

import (
	"os/exec"
	"syscall"
)

// setPdeathsig asks the kernel to kill the child when the thread that started
// it exits, so a crashed parent leaves no worker behind.
func setPdeathsig(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
}
