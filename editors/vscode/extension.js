// The Barème extension: starts the language server `bareme lsp` over stdio for .bareme files.
"use strict";
const path = require("path");
const vscode = require("vscode");
const { LanguageClient } = require("vscode-languageclient/node");

let client;

// The server's command: `bareme.serverPath` as a name on PATH, an absolute path, or a path
// relative to the first workspace folder when it contains a slash (`build/bareme`).
function serverCommand() {
  const setting = vscode.workspace.getConfiguration("bareme").get("serverPath", "bareme").trim();
  const folders = vscode.workspace.workspaceFolders;
  if (setting && !path.isAbsolute(setting) && setting.includes("/") && folders && folders.length > 0)
    return path.join(folders[0].uri.fsPath, setting);
  return setting;
}

async function start() {
  const command = serverCommand();
  if (!command) return; // highlighting only
  const serverOptions = { command, args: ["lsp"] }; // stdio is the default transport
  const clientOptions = {
    documentSelector: [
      { scheme: "file", language: "bareme" },
      { scheme: "untitled", language: "bareme" },
    ],
  };
  client = new LanguageClient("bareme", "Barème", serverOptions, clientOptions);
  try {
    await client.start();
  } catch (err) {
    client = undefined;
    vscode.window.showErrorMessage(
      `Barème: cannot start the language server \`${command} lsp\` (${err.message || err}). ` +
        "Set bareme.serverPath to the bareme executable.");
  }
}

async function stop() {
  if (client) {
    const running = client;
    client = undefined;
    await running.stop();
  }
}

async function restart() {
  await stop();
  await start();
}

function activate(context) {
  context.subscriptions.push(
    vscode.commands.registerCommand("bareme.restartServer", restart),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration("bareme.serverPath")) restart();
    }),
  );
  return start();
}

function deactivate() {
  return stop();
}

module.exports = { activate, deactivate };
