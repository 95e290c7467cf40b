// The one button: variants (primary, secondary, danger, ghost) and sizes over a native <button>, so it
// keeps the keyboard and accessibility behaviour browsers give buttons.
import type { ButtonHTMLAttributes } from "react";

export interface ButtonProps extends ButtonHTMLAttributes<HTMLButtonElement> {
  readonly variant?: "primary" | "secondary" | "danger" | "ghost";
  readonly size?: "small" | "normal" | "large";
  readonly busy?: boolean;
}

export function Button({
  variant = "secondary",
  size = "normal",
  busy = false,
  className,
  type,
  disabled,
  children,
  ...rest
}: ButtonProps) {
  const classes = ["button"];
  if (variant !== "secondary") classes.push(`button-${variant}`);
  if (size !== "normal") classes.push(`button-${size}`);
  if (className !== undefined) classes.push(className);
  return (
    <button
      type={type ?? "button"}
      className={classes.join(" ")}
      disabled={disabled === true || busy}
      aria-busy={busy || undefined}
      {...rest}
    >
      {children}
    </button>
  );
}
