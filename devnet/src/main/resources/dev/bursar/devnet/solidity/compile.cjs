// Compiles every .sol file under a source folder with solcjs into one JSON artifact per contract
// ({contractName, sourceName, abi, bytecode, deployedBytecode, compiler, viaIR}). Run by SolidityCompiler; never at run time.
// A file whose header (the lines before its first `pragma`) holds the line `// bursar:viaIR` is compiled in a second
// solc run with the IR pipeline (viaIR: true), which lifts "stack too deep"; every other file keeps the legacy pipeline,
// so its bytecode does not change. A marked file must not be imported by an unmarked one (it would be compiled, and fail,
// in the legacy run too).
'use strict';
const fs = require('fs');
const path = require('path');

const [solcDir, nodeModules, srcDir, outDir] = process.argv.slice(2);
const solc = require(solcDir);

function walk(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? walk(p) : e.name.endsWith('.sol') ? [p] : [];
  });
}

const VIA_IR_MARKER = /^\s*\/\/\s*bursar:viaIR\s*$/;

function wantsViaIR(content) {
  for (const line of content.split(/\r?\n/)) {
    if (/^\s*pragma\b/.test(line)) return false;
    if (VIA_IR_MARKER.test(line)) return true;
  }
  return false;
}

const legacySources = {};
const viaIRSources = {};
for (const file of walk(srcDir)) {
  const content = fs.readFileSync(file, 'utf8');
  const name = path.relative(srcDir, file).split(path.sep).join('/');
  (wantsViaIR(content) ? viaIRSources : legacySources)[name] = { content };
}

function findImports(importPath) {
  for (const base of [srcDir, nodeModules]) {
    const candidate = path.join(base, importPath);
    if (fs.existsSync(candidate)) return { contents: fs.readFileSync(candidate, 'utf8') };
  }
  return { error: 'import not found: ' + importPath };
}

function compile(sources, viaIR) {
  const settings = {
    optimizer: { enabled: true, runs: 200 },
    evmVersion: 'cancun',
    outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object', 'evm.deployedBytecode.object'] } },
  };
  if (viaIR) settings.viaIR = true;
  const output = JSON.parse(solc.compile(JSON.stringify({ language: 'Solidity', sources, settings }), { import: findImports }));
  let failed = false;
  for (const e of output.errors || []) {
    process.stderr.write((viaIR ? '[viaIR] ' : '') + e.formattedMessage + '\n');
    if (e.severity === 'error') failed = true;
  }
  if (failed) process.exit(1);
  return output;
}

fs.mkdirSync(outDir, { recursive: true });
let count = 0;
for (const [sources, viaIR] of [[legacySources, false], [viaIRSources, true]]) {
  if (Object.keys(sources).length === 0) continue;
  const output = compile(sources, viaIR);
  for (const sourceName of Object.keys(sources)) {
    for (const [contractName, c] of Object.entries(output.contracts[sourceName] || {})) {
      const artifact = {
        contractName,
        sourceName,
        compiler: 'solc-' + solc.version(),
        viaIR,
        abi: c.abi,
        bytecode: '0x' + c.evm.bytecode.object,
        deployedBytecode: '0x' + c.evm.deployedBytecode.object,
      };
      fs.writeFileSync(path.join(outDir, contractName + '.json'), JSON.stringify(artifact, null, 2));
      count++;
    }
  }
}
const files = Object.keys(legacySources).length + Object.keys(viaIRSources).length;
process.stdout.write('compiled ' + count + ' contracts from ' + files + ' files (' + Object.keys(viaIRSources).length
  + ' via IR) into ' + outDir + '\n');
