#!/usr/bin/env python3
"""End-to-end `bareme score` on generated files: rows/s and peak RSS, for CSV and JSON Lines,
with and without writing the result rows, beside two baselines measured in the same run on
the same file: reading it (`cat > /dev/null`) and counting its lines (`wc -l`).

With --scaling it times instead, on each file, `score` writing its rows in the compact mode
(`--columns`) on 1 thread and on --threads threads, and the default rows on --threads threads,
and prints the ratio of the two compact runs (measured in the same run, on the same file).

usage: bench/score_bench.py [--rows N] [--bareme build/bareme] [--keep DIR] [--scaling [--threads N]] SCHEME.bareme...
"""
import argparse
import os
import subprocess
import sys
import tempfile
import time


def timed(cmd):
    """Wall seconds and peak RSS (MB) of one command, from its own resource usage."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    stderr = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        sys.exit(f'{" ".join(cmd)} exited {proc.returncode}:\n{stderr.decode(errors="replace")}')
    return seconds, usage.ru_maxrss / 1024


def best(runs, cmd):
    results = [timed(cmd) for _ in range(runs)]
    return min(r[0] for r in results), max(r[1] for r in results)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('schemes', nargs='+')
    parser.add_argument('--rows', type=int, default=10_000_000)
    parser.add_argument('--runs', type=int, default=3)
    parser.add_argument('--bareme', default='build/bareme')
    parser.add_argument('--keep', help='a folder for the generated files (default: a temporary one)')
    parser.add_argument('--scaling', action='store_true',
                        help='compact output on 1 thread vs --threads threads, and the default output')
    parser.add_argument('--threads', type=int, default=2)
    args = parser.parse_args()
    if args.scaling:
        return scaling(args)
    folder = args.keep or tempfile.mkdtemp(prefix='bareme-score-bench-')
    os.makedirs(folder, exist_ok=True)
    print(f'rows: {args.rows:,}; cores: {os.cpu_count()}; best of {args.runs} runs; peak RSS of the score process\n')
    header = f'{"scheme":<18} {"format":<6} {"file":>9} {"cat":>10} {"wc -l":>10} {"score":>10} {"+ output":>10} {"RSS":>7} {"RSS+out":>8} {"score/cat":>9}'
    print(header)
    for scheme in args.schemes:
        name = os.path.splitext(os.path.basename(scheme))[0]
        for fmt in ('csv', 'jsonl'):
            data = os.path.join(folder, f'{name}.{args.rows}.{fmt}')
            if not os.path.exists(data):
                subprocess.run([args.bareme, 'simulate', scheme, '--count', str(args.rows), '--seed', '1', '--write', data],
                               check=True, stdout=subprocess.DEVNULL)
            size = os.path.getsize(data)
            cat, _ = best(args.runs, ['cat', data])
            wc, _ = best(args.runs, ['wc', '-l', data])
            score, rss = best(args.runs, [args.bareme, 'score', scheme, '--input', data, '--quiet'])
            out_file = os.path.join(folder, f'out.{fmt}')
            scored_out, rss_out = best(args.runs, [args.bareme, 'score', scheme, '--input', data, '--output', out_file, '--quiet'])
            os.remove(out_file)
            rate = lambda s: f'{args.rows / s / 1e6:.2f} M/s'
            print(f'{name:<18} {fmt:<6} {size / 1e6:>7.0f}MB {rate(cat):>10} {rate(wc):>10} {rate(score):>10} '
                  f'{rate(scored_out):>10} {rss:>5.0f}MB {rss_out:>6.0f}MB {cat / score:>9.2f}')
            if not args.keep:
                os.remove(data)
    if not args.keep:
        os.rmdir(folder)
    print('\nscore: summary only; + output: also writing one result row per input row (same format).')
    print('score/cat: the share of the speed of merely reading the file that scoring reaches.')


def scaling(args):
    folder = args.keep or tempfile.mkdtemp(prefix='bareme-score-bench-')
    os.makedirs(folder, exist_ok=True)
    n = args.threads
    print(f'rows: {args.rows:,}; cores: {os.cpu_count()}; best of {args.runs} runs; output to a file\n')
    print(f'{"scheme":<14} {"format":<6} {"compact 1T":>11} {f"compact {n}T":>11} {"ratio":>6} '
          f'{f"default {n}T":>11} {"RSS":>6}')
    for scheme in args.schemes:
        name = os.path.splitext(os.path.basename(scheme))[0]
        for fmt in ('csv', 'jsonl'):
            data = os.path.join(folder, f'{name}.{args.rows}.{fmt}')
            if not os.path.exists(data):
                subprocess.run([args.bareme, 'simulate', scheme, '--count', str(args.rows), '--seed', '1', '--write', data],
                               check=True, stdout=subprocess.DEVNULL)
            out = os.path.join(folder, f'out.{fmt}')
            cmd = [args.bareme, 'score', scheme, '--input', data, '--output', out, '--quiet']
            one, _ = best(args.runs, cmd + ['--columns', '--threads', '1'])
            many, rss = best(args.runs, cmd + ['--columns', '--threads', str(n)])
            default, _ = best(args.runs, cmd + ['--threads', str(n)])
            os.remove(out)
            rate = lambda s: f'{args.rows / s / 1e6:.2f} M/s'
            print(f'{name:<14} {fmt:<6} {rate(one):>11} {rate(many):>11} {one / many:>6.2f} {rate(default):>11} {rss:>4.0f}MB',
                  flush=True)
            if not args.keep:
                os.remove(data)
    print('\nratio: compact on 1 thread / compact on N threads (wall time); the target is >= 1.8 on 2.')


if __name__ == '__main__':
    main()
