//go:build unix

package runner

import (
	"os/exec"
	"syscall"
	"time"
)

// killGroup makes cmd the leader of a new process group and has a
// cancelled context kill the whole group, so that the children a benchmark
// starts do not outlive it.
func killGroup(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	cmd.WaitDelay = 5 * time.Second
}
