// Compiles every .sol file under a source folder with solcjs into one JSON artifact per contract
// ({contractName, sourceName, abi, bytecode, deployedBytecode, compiler}). Run by SolidityCompiler; never at run time.
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

const sources = {};
for (const file of walk(srcDir)) {
  sources[path.relative(srcDir, file).split(path.sep).join('/')] = { content: fs.readFileSync(file, 'utf8') };
}

function findImports(importPath) {
  for (const base of [srcDir, nodeModules]) {
    const candidate = path.join(base, importPath);
    if (fs.existsSync(candidate)) return { contents: fs.readFileSync(candidate, 'utf8') };
  }
  return { error: 'import not found: ' + importPath };
}

const input = {
  language: 'Solidity',
  sources,
  settings: {
    optimizer: { enabled: true, runs: 200 },
    evmVersion: 'cancun',
    outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object', 'evm.deployedBytecode.object'] } },
  },
};
const output = JSON.parse(solc.compile(JSON.stringify(input), { import: findImports }));
let failed = false;
for (const e of output.errors || []) {
  process.stderr.write(e.formattedMessage + '\n');
  if (e.severity === 'error') failed = true;
}
if (failed) process.exit(1);

fs.mkdirSync(outDir, { recursive: true });
let count = 0;
for (const sourceName of Object.keys(sources)) {
  for (const [contractName, c] of Object.entries(output.contracts[sourceName] || {})) {
    const artifact = {
      contractName,
      sourceName,
      compiler: 'solc-' + solc.version(),
      abi: c.abi,
      bytecode: '0x' + c.evm.bytecode.object,
      deployedBytecode: '0x' + c.evm.deployedBytecode.object,
    };
    fs.writeFileSync(path.join(outDir, contractName + '.json'), JSON.stringify(artifact, null, 2));
    count++;
  }
}
process.stdout.write('compiled ' + count + ' contracts from ' + Object.keys(sources).length + ' files into ' + outDir + '\n');
