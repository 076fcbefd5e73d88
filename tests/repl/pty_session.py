#!/usr/bin/env python3
"""Drives `bareme repl` through a pseudo-terminal as a person would: tab completion, multi-line
input, an error followed by a correct line, :reload after the file changed on disk, :explain,
:missing, a reform with a parameter override, Ctrl-C abandoning input, Ctrl-D quitting, and
the history kept in the home folder. A second session, on a project of two aids started with
`--scheme`, completes `:scheme` and a scheme's name, switches, and falls back to the last scheme
when :reload finds the chosen one gone (and keeps it when a file no longer compiles)."""
import os
import pty
import select
import shutil
import sys
import tempfile
import termios
import time


class Repl:
    def __init__(self, argv, env):
        self.pid, self.fd = pty.fork()
        if self.pid == 0:
            os.execvpe(argv[0], argv, env)
        self.seen = ''

    def read_until(self, text, timeout=20):
        deadline = time.time() + timeout
        while text not in self.seen:
            remaining = deadline - time.time()
            if remaining <= 0:
                return False
            ready, _, _ = select.select([self.fd], [], [], remaining)
            if not ready:
                return False
            try:
                chunk = os.read(self.fd, 4096)
            except OSError:
                return text in self.seen
            if not chunk:
                return text in self.seen
            self.seen += chunk.decode('utf-8', errors='replace')
        return True

    def send(self, keys):
        self.seen = ''
        try:
            os.write(self.fd, keys.encode())
        except OSError:  # the REPL has closed its terminal: it is exiting
            pass


def quit_repl(repl):
    """Ctrl-D until the REPL exits; its exit status, or None when it had to be killed."""
    # Up to 30 s: once the terminal is closed, reading returns at once, so each turn also sleeps.
    for attempt in range(300):
        if attempt % 50 == 0:
            repl.send('\x04' if attempt == 0 else '\x15\x04')
        pid, status = os.waitpid(repl.pid, os.WNOHANG)
        if pid:
            return status
        started = time.time()
        repl.read_until('never printed', timeout=0.1)
        time.sleep(max(0.0, 0.1 - (time.time() - started)))
    # Still running: say where it waits and how the terminal is set, for the failure report.
    try:
        state = [line for line in open(f'/proc/{repl.pid}/status') if line.startswith('State:')]
        wchan = open(f'/proc/{repl.pid}/wchan').read()
        lflag = termios.tcgetattr(repl.fd)[3]
        print(f'the REPL is still running: {"".join(state).strip()}, waiting in {wchan or "?"}, '
              f'terminal {"canonical" if lflag & termios.ICANON else "raw"}, '
              f'echo {"on" if lflag & termios.ECHO else "off"}; output since the last key: {repl.seen!r}')
    except OSError as e:
        print(f'the REPL is still running ({e})')
    os.kill(repl.pid, 9)
    os.waitpid(repl.pid, 0)
    return None


def scheme_session(bareme, home, env, results):
    project = os.path.join(home, 'project')
    os.mkdir(project)
    files = {
        'questions.bareme': 'module questions "Questions"\ninput n : Int = 2\n',
        'alpha.bareme': 'scheme alpha "Alpha"\nimport n from "questions.bareme"\namount = n * 10 €\n',
        'beta.bareme': 'scheme beta "Beta"\nimport n from "questions.bareme"\namount = n * 100 €\n',
        'root.bareme': 'module root "Both aids"\nimport "alpha.bareme"\nimport "beta.bareme"\n',
    }
    for name, text in files.items():
        with open(os.path.join(project, name), 'w') as f:
            f.write(text)
    repl = Repl([bareme, 'repl', os.path.join(project, 'root.bareme'), '--scheme', 'alpha'], env)

    def step(name, keys, expect):
        repl.send(keys)
        results.append((name, repl.read_until(expect)))

    results.append(('--scheme starts on the chosen scheme', repl.read_until('the current one is alpha')))
    results.append(('the prompt appears (schemes)', repl.read_until('bareme> ')))
    step('amount reads the chosen scheme', 'amount\r', '20.00 € : Money')
    step('tab completes :scheme, then a scheme name after it', ':sch\tbe\t\r', 'current scheme: beta')
    step('amount reads the new current scheme', 'amount\r', '200.00 € : Money')
    alpha = os.path.join(project, 'alpha.bareme')
    with open(alpha, 'w') as f:
        f.write(files['alpha.bareme'] + 'amount = \n')
    # The session compiles from the files as they were read: a file broken on disk is not seen
    # before :reload, which keeps the previous version.
    step(':scheme with a file now broken on disk switches, from the files as read', ':scheme alpha\r',
         'current scheme: alpha "Alpha"')
    step(':reload sees the broken file and keeps the previous version', ':reload\r',
         'the files have errors: the session keeps the previous version')
    step(':scheme switches back', ':scheme beta\r', 'current scheme: beta "Beta"')
    with open(alpha, 'w') as f:
        f.write(files['alpha.bareme'])
    with open(os.path.join(project, 'beta.bareme'), 'w') as f:
        f.write('module beta "No longer an aid"\nimport n from "questions.bareme"\n')
    step(':reload falls back when the chosen scheme is gone', ':reload\r',
         'scheme beta is gone: the current scheme is now alpha')
    step('and amount reads the fallback', 'amount\r', '20.00 € : Money')
    results.append(('the prompt is back (schemes)', repl.read_until('bareme> ')))
    status = quit_repl(repl)
    results.append(('Ctrl-D quits the second session', status is not None and os.WIFEXITED(status)
                    and os.WEXITSTATUS(status) == 0))
    return repl


def main():
    bareme, scheme = sys.argv[1], sys.argv[2]
    passed = failed = 0
    with tempfile.TemporaryDirectory() as home:
        copy = os.path.join(home, 'flexitanie.bareme')
        shutil.copy(scheme, copy)
        env = dict(os.environ, HOME=home, TERM='xterm', NO_COLOR='1')
        repl = Repl([bareme, 'repl', copy], env)
        results = []

        def step(name, keys, expect):
            repl.send(keys)
            results.append((name, repl.read_until(expect)))

        results.append(('the prompt appears', repl.read_until('bareme> ')))
        step('tab completes a name', 'v2g_gr\t * 2\r', '6 000.00 € : Money')
        step('multi-line input continues while an operator is pending', 'let s = v2g_grant +\r', '...>')
        step('and ends with the definition', '  v1g_grant\r', 'defined s')
        step('the definition evaluates', 's\r', '4 500.00 € : Money')
        step('an error shows a diagnostic with a caret', '1 € + 2\r', 'error[MissingEuro]')
        step('the corrected line works', '1 € + 2 €\r', '3.00 € : Money')
        step(':missing lists the inputs still needed', ':missing\r', 'still needed')
        step('inputs are set one by one', 'set beneficiary = company\r', 'set beneficiary = company')
        step(':explain shows the trace', ':explain amount\r', 'flexitanie:')
        with open(copy) as f:
            text = f.read()
        with open(copy, 'w') as f:
            f.write(text.replace('param v2g_grant : Money = 3000 €', 'param v2g_grant : Money = 4000 €'))
        step(':reload re-reads the changed file', ':reload\r', '1 input still set')
        step('the new value is in force', 'v2g_grant\r', '4 000.00 € : Money')
        step('a reform overrides a parameter', 'param v1g_grant = 2000 €\r', 'param v1g_grant = 2 000.00 €')
        step('the reform is in force', 'v1g_grant * 2\r', '4 000.00 € : Money')
        # Control keys come once the prompt is up and the typed text on the screen, as a person
        # presses them: before that the terminal itself would take them.
        results.append(('the prompt is back', repl.read_until('bareme> ')))
        step('the text being typed is echoed', 'this is not finished', 'finished')
        step('Ctrl-C abandons the current input', '\x03', 'bareme> ')
        step('and the session goes on', '1 + 1\r', '2 : Int')
        results.append(('the prompt is back again', repl.read_until('bareme> ')))
        # A key pressed before the line editor has taken the terminal (the prompt can show a
        # moment earlier on a loaded machine) is handled by the terminal itself: as a person
        # would, press Ctrl-D again when the first one did not quit.
        status = quit_repl(repl)
        how = ('still running' if status is None else f'exit {os.WEXITSTATUS(status)}' if os.WIFEXITED(status)
               else f'signal {os.WTERMSIG(status)}')
        results.append((f'Ctrl-D quits cleanly ({how})', status is not None and os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0))
        history = os.path.join(home, '.bareme_history')
        second = scheme_session(bareme, home, env, results)
        results.append(('the history is kept in the home folder',
                        os.path.exists(history) and 'v2g_grant' in open(history, errors='replace').read()))
        for name, ok in results:
            passed += bool(ok)
            failed += not ok
            if not ok:
                shown = second.seen if '(schemes)' in name or 'scheme' in name else repl.seen
                print(f'FAIL {name}\n--- last output:\n{shown[-1500:]}')
    print(f'{passed} passed, {failed} failed')
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
