#!/usr/bin/env python3
"""Source fixes for building DJL 0.36.0's PyTorch JNI (written for libtorch 2.7) against a newer libtorch.

Usage: jni_patch.py SRC_DIR                 proactive fixes (in place)
       jni_patch.py SRC_DIR FILE.cc LOG     stub the JNI functions that the compiler log blames in FILE.cc

Proactive fix: c10::optional/c10::nullopt -> std:: (aliases since PyTorch 2.3; c10's may go).
The legacy autograd profiler (torchStartProfile/torchStopProfile: `bench/train-throughput --trace`, gpu/run's
part "trace") is kept when it compiles; when the system file does not compile, or the library does not
link, it is dropped first (its event writer sits outside any JNI function, so stubbing cannot reach it):
    jni_patch.py --drop-profiler FILE.cc
Stubbing is the fallback for anything else: a JNI function whose body does not compile becomes one that
throws an EngineException naming itself, so every function pcl4j calls either works or fails loudly,
never silently.
"""
import re
import sys
from pathlib import Path

EXC = 'env->ThrowNew(env->FindClass("ai/djl/engine/EngineException"), "{name}: not built (did not compile against this libtorch)");'


def functions(text):
    """(name, returns_void, start, body_open, body_close) of each JNIEXPORT function definition."""
    out = []
    for m in re.finditer(r'JNIEXPORT\s+(\w+)\s+JNICALL\s+(\w+)\s*\(', text):
        i = text.index(')', m.end())
        # skip to the body's opening brace (declarations end with ';')
        j = i + 1
        while text[j] in ' \t\r\n':
            j += 1
        if text[j] != '{':
            continue
        depth, k = 0, j
        while True:
            c = text[k]
            if c == '{':
                depth += 1
            elif c == '}':
                depth -= 1
                if depth == 0:
                    break
            k += 1
        out.append((m.group(2), m.group(1) == 'void', m.start(), j, k))
    return out


def stub(text, names):
    for name, is_void, _start, open_, close in sorted(functions(text), key=lambda f: -f[3]):
        if name in names:
            body = '{\n  ' + EXC.format(name=name) + ('\n  return;\n}' if is_void else '\n  return {};\n}')
            text = text[:open_] + body + text[close + 1:]
    return text


PROFILER = ('Java_ai_djl_pytorch_jni_PyTorchLibrary_torchStartProfile',
            'Java_ai_djl_pytorch_jni_PyTorchLibrary_torchStopProfile')


def has_profiler(text):
    return 'enableProfilerLegacy' in text


def drop_profiler(text):
    """The legacy profiler out: its event writer removed, its two JNI entry points stubs that throw."""
    a = text.find('// The function doesn\'t support GPU yet')
    b = text.find('// end of copies')
    if a >= 0 and b > a:
        text = text[:a] + text[b:]
    text = text.replace('using namespace torch::autograd::profiler;', '')
    text = stub(text, set(PROFILER))
    # the code templates are only used by the profiler
    return re.sub(r'\n#ifdef V1_10_X\nstatic torch::jit::CodeTemplate.*?#endif\n', '\n', text, flags=re.S)


def proactive(src):
    for f in sorted(Path(src).glob('*.cc')) + sorted(Path(src).glob('*.h')):
        t = f.read_text()
        n = t.replace('c10::optional<', 'std::optional<').replace('c10::nullopt', 'std::nullopt')
        if n != t:
            f.write_text(n)
            print(f'jni_patch: {f.name}: patched', file=sys.stderr)


def blamed(src_file, log):
    text = Path(src_file).read_text()
    base = re.escape(Path(src_file).name)
    lines = {int(m.group(1)) for m in re.finditer(base + r':(\d+):\d+:\s+(?:error|fatal error|\s*required from)', Path(log).read_text())}
    # character offset of each blamed line
    starts = [0]
    for m in re.finditer('\n', text):
        starts.append(m.end())
    names = set()
    for name, _v, start, _o, close in functions(text):
        for ln in lines:
            if ln - 1 < len(starts) and start <= starts[ln - 1] <= close:
                names.add(name)
    return text, names, lines


if __name__ == '__main__':
    if len(sys.argv) == 2:
        proactive(sys.argv[1])
    elif sys.argv[1] == '--drop-profiler':
        f = Path(sys.argv[2])
        if not has_profiler(f.read_text()):
            sys.exit(1)
        f.write_text(drop_profiler(f.read_text()))
        print(f'jni_patch: {f.name}: legacy profiler dropped (stubbed ' + ' '.join(PROFILER) + ')', file=sys.stderr)
    else:
        text = Path(sys.argv[2]).read_text()
        if has_profiler(text):
            # the profiler first: its code outside the JNI functions cannot be stubbed, and the errors may be its
            Path(sys.argv[2]).write_text(drop_profiler(text))
            print(f'jni_patch: {Path(sys.argv[2]).name}: legacy profiler dropped (stubbed ' + ' '.join(PROFILER) + ')', file=sys.stderr)
            sys.exit(0)
        text, names, lines = blamed(sys.argv[2], sys.argv[3])
        if not names:
            print(f'jni_patch: errors at lines {sorted(lines)} of {sys.argv[2]} are outside JNI functions', file=sys.stderr)
            sys.exit(1)
        print('jni_patch: stubbed ' + ' '.join(sorted(names)), file=sys.stderr)
        Path(sys.argv[2]).write_text(stub(text, names))
