//go:build unix

package runner

import (
	"errors"
	"io/fs"
	"os"
	"os/exec"
	"strconv"
	"strings"
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

// processAlive reports whether the process whose id pidFile holds still
// runs; true when it cannot tell.
func processAlive(pidFile string) bool {
	data, err := os.ReadFile(pidFile)
	if err != nil {
		return !errors.Is(err, fs.ErrNotExist)
	}
	pid, err := strconv.Atoi(strings.TrimSpace(string(data)))
	if err != nil || pid <= 0 {
		return false
	}
	err = syscall.Kill(pid, 0)
	return err == nil || errors.Is(err, syscall.EPERM)
}

// flushWrites has the kernel write out every dirty page now (sync(2)).
func flushWrites() { syscall.Sync() }
