// A surface for one group of content, with an optional tone for reminders and notices.
import type { HTMLAttributes } from "react";

export interface CardProps extends HTMLAttributes<HTMLElement> {
  readonly tone?: "plain" | "warning" | "info";
  readonly tight?: boolean;
}

export function Card({ tone = "plain", tight = false, className, children, ...rest }: CardProps) {
  const classes = [
    "card",
    tone === "plain" ? "" : `card-${tone}`,
    tight ? "card-tight" : "",
    className ?? "",
  ];
  return (
    <section className={classes.filter((c) => c !== "").join(" ")} {...rest}>
      {children}
    </section>
  );
}
