// The application menu as a template (Menu.buildFromTemplate takes it): the usual app, edit (so copy and
// paste work in fields on macOS), view and window menus, "Show logs" and "Show data folder" (what support
// asks for), and the developer tools only in a development build.
import type { MenuItemConstructorOptions } from "electron";

export interface MenuInput {
  readonly platform: NodeJS.Platform;
  readonly appName: string;
  readonly development: boolean;
  readonly showLogs: () => void;
  /** Opens the node's data directory in the file manager. */
  readonly showDataFolder: () => void;
}

export function appMenuTemplate(input: MenuInput): MenuItemConstructorOptions[] {
  const mac = input.platform === "darwin";
  const view: MenuItemConstructorOptions[] = [
    { role: "resetZoom" },
    { role: "zoomIn" },
    { role: "zoomOut" },
    { type: "separator" },
    { role: "togglefullscreen" },
  ];
  if (input.development) view.unshift({ role: "reload" }, { role: "toggleDevTools" }, { type: "separator" });
  return [
    ...(mac
      ? [
          {
            label: input.appName,
            submenu: [
              { role: "about" },
              { type: "separator" },
              { role: "hide" },
              { role: "hideOthers" },
              { role: "unhide" },
              { type: "separator" },
              { role: "quit" },
            ],
          } satisfies MenuItemConstructorOptions,
        ]
      : []),
    {
      label: "File",
      submenu: [
        { label: "Show logs", click: input.showLogs },
        { type: "separator" },
        mac ? { role: "close" } : { role: "quit" },
      ],
    },
    {
      label: "Edit",
      submenu: [
        { role: "undo" },
        { role: "redo" },
        { type: "separator" },
        { role: "cut" },
        { role: "copy" },
        { role: "paste" },
        { role: "selectAll" },
      ],
    },
    { label: "View", submenu: view },
    { role: "windowMenu" },
    { role: "help", submenu: [{ label: "Show data folder", click: input.showDataFolder }] },
  ];
}
