// One recommendation as a poster card. Chainlit injects `props`, `callAction`, `updateElement`
// and `sendUserMessage` as globals. Every catalog value is rendered as a React text child (escaped),
// never as HTML. Styles are inline (Tailwind arbitrary classes are not compiled into Chainlit's CSS);
// the small <style> block only adds what inline styles cannot: hover states and the typing caret.
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Eye, ThumbsDown, Sparkles, Tv, Undo2 } from "lucide-react";

const CSS = `
.cc-frame { container-type: inline-size; container-name: cc; width: 100%; }
.cc-card { transition: box-shadow .2s ease, opacity .2s ease; }
@container cc (max-width: 520px) {
  .cc-card[data-compact=false] { gap: 12px !important; padding: 12px !important; }
  .cc-card[data-compact=false] .cc-poster { width: 84px !important; min-width: 84px !important; }
  .cc-card[data-compact=false] .cc-initials { font-size: 28px !important; }
  .cc-card[data-compact=false] .cc-title { font-size: 16px !important; }
}
.cc-actions button { min-width: 0; }
.cc-actions button > span { overflow: hidden; text-overflow: ellipsis; }
/* Chainlit centres its scroll-to-bottom arrow over the messages, on top of a card's text. In the
   bottom-right corner, small, it sits in the gutter beside the cards and covers nothing. (This
   <style> lives in the page, or in the widget's shadow root, so it reaches Chainlit's markup.) */
div.absolute.bottom-4.left-0.right-0.flex.justify-center { left: auto !important; right: 2px !important; bottom: 10px !important; }
div.absolute.bottom-4.left-0.right-0.flex.justify-center > button { width: 26px; height: 26px; min-width: 0; padding: 0; }
.cc-card:hover { box-shadow: 0 6px 24px -8px hsl(var(--foreground) / 0.25); }
.cc-link { color: hsl(var(--primary)); text-decoration: none; }
.cc-link:hover { text-decoration: underline; }
@keyframes cc-blink { 0%, 49% { opacity: 1 } 50%, 100% { opacity: 0 } }
.cc-caret { display: inline-block; width: 0.5em; height: 1em; margin-left: 2px; vertical-align: -0.15em;
  background: hsl(var(--primary)); animation: cc-blink 1s steps(1) infinite; border-radius: 1px; }
`;

function Poster({ title, year, poster, initials, hue, width }) {
  // The generated placeholder is always there; a real poster, once it loads, covers it. A poster
  // that fails (or never loads: the hosts are often unreachable) simply leaves the placeholder.
  const [failed, setFailed] = useState(false);
  const big = Math.round(width * 0.34);
  return (
    <div
      role="img"
      aria-label={`${title} (${year})`}
      className="cc-poster"
      style={{
        width,
        minWidth: width,
        aspectRatio: "2 / 3",
        alignSelf: "flex-start",
        borderRadius: 10,
        overflow: "hidden",
        position: "relative",
        boxShadow: "0 4px 14px -6px rgba(0,0,0,.45)",
      }}
    >
      <div
        className="cc-placeholder"
        style={{
          position: "absolute",
          inset: 0,
          // the colour comes from a hash of the title, so it is stable per title
          background: `radial-gradient(120% 80% at 20% 0%, hsl(${hue} 70% 58% / .55), transparent 60%),
            linear-gradient(160deg, hsl(${hue} 55% 30%), hsl(${(hue + 45) % 360} 60% 14%))`,
          color: "white",
          display: "flex",
          flexDirection: "column",
          justifyContent: "space-between",
          padding: width > 90 ? 10 : 6,
          boxSizing: "border-box",
        }}
      >
        <div style={{ display: "flex", gap: 4, opacity: 0.35 }}>
          {[0, 1, 2, 3].map((i) => (
            <span key={i} style={{ width: 6, height: 4, borderRadius: 1, background: "white" }} />
          ))}
        </div>
        <div className="cc-initials" style={{ fontSize: big, fontWeight: 800, letterSpacing: "-0.02em", lineHeight: 1, textShadow: "0 2px 8px rgba(0,0,0,.35)" }}>
          {initials}
        </div>
        <div
          style={{
            fontSize: width > 90 ? 10 : 8,
            lineHeight: 1.25,
            textTransform: "uppercase",
            letterSpacing: "0.06em",
            opacity: 0.9,
            overflow: "hidden",
            display: "-webkit-box",
            WebkitLineClamp: 3,
            WebkitBoxOrient: "vertical",
          }}
        >
          {title}
        </div>
      </div>
      {poster && !failed && (
        <img
          className="cc-poster-img"
          src={poster}
          alt=""
          loading="lazy"
          referrerPolicy="no-referrer"
          onError={() => setFailed(true)}
          style={{ position: "absolute", inset: 0, width: "100%", height: "100%", objectFit: "cover", display: "block" }}
        />
      )}
    </div>
  );
}

function Chip({ children }) {
  return (
    <span
      style={{
        fontSize: 12,
        padding: "2px 8px",
        borderRadius: 999,
        background: "hsl(var(--secondary))",
        color: "hsl(var(--secondary-foreground))",
        whiteSpace: "nowrap",
      }}
    >
      {children}
    </span>
  );
}

const VERDICT_TEXT = {
  seen: "Marked as seen: I'll leave it out of this chat's next answers.",
  rejected: "Noted, not for you: I'll leave it out of this chat's next answers.",
};

function ScorePill({ score }) {
  return (
    <span
      title="How well this fits your request"
      className="cc-score"
      style={{
        flexShrink: 0,
        alignSelf: "flex-start",
        fontSize: 12,
        fontWeight: 700,
        padding: "3px 9px",
        borderRadius: 999,
        whiteSpace: "nowrap",
        background: "hsl(var(--primary) / 0.14)",
        color: "hsl(var(--primary))",
        fontVariantNumeric: "tabular-nums",
      }}
    >
      {score}% match
    </span>
  );
}

function TitleLine({ rank, title, compact }) {
  // In the widget the title gets two lines at most (the full title is its tooltip), so a long one
  // cannot push the card's facts out of the narrow panel.
  const clamp = compact ? { display: "-webkit-box", WebkitLineClamp: 2, WebkitBoxOrient: "vertical", overflow: "hidden" } : {};
  return (
    <div style={{ display: "flex", alignItems: "baseline", gap: 6, flexWrap: compact ? "nowrap" : "wrap" }}>
      <span style={{ fontSize: 12, fontWeight: 700, color: "hsl(var(--primary))", fontVariantNumeric: "tabular-nums" }}>#{rank}</span>
      <span
        className="cc-title"
        title={compact ? title : undefined}
        style={{ fontSize: compact ? 15 : 19, fontWeight: 700, lineHeight: 1.25, overflowWrap: "anywhere", minWidth: 0, ...clamp }}
      >
        {title}
      </span>
    </div>
  );
}

function Actions({ compact, busy, moreLike, verdict }) {
  // One row. In the widget the buttons share the width (a label that still does not fit, e.g. in a
  // wide font, is cut with an ellipsis) and each has its full meaning as its tooltip.
  const fit = compact ? { flex: "1 1 auto", padding: "0 6px", gap: 4, fontSize: 12, height: 30 } : {};
  const buttons = [
    // "Similar" in the widget: "More like this" does not fit beside the other two in ~300 px
    { key: "more", label: compact ? "Similar" : "More like this", tip: "More like this", icon: <Sparkles size={14} />, variant: "default", onClick: () => sendUserMessage(moreLike) },
    { key: "seen", label: "Seen it", icon: <Eye size={14} />, variant: "outline", onClick: () => verdict("seen") },
    { key: "reject", label: "Not for me", icon: <ThumbsDown size={14} />, variant: "outline", onClick: () => verdict("rejected") },
  ];
  return (
    <div className="cc-actions" style={{ display: "flex", gap: 6, flexWrap: "nowrap", marginTop: 2 }}>
      {buttons.map((b) => (
        <Button key={b.key} variant={b.variant} size="sm" title={b.tip || b.label} disabled={busy} onClick={b.onClick} style={fit}>
          {b.icon}
          <span>{b.label}</span>
        </Button>
      ))}
    </div>
  );
}

export default function MovieCard() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  const compact = !!props.compact;
  const status = props.status;
  const meta = [props.year, props.type, props.runtime].filter(Boolean).join(" · ");

  async function verdict(kind) {
    setBusy(true);
    setError(null);
    try {
      await callAction({ name: "card_feedback", payload: { id: props.id, verdict: kind } });
      await updateElement({ ...props, status: kind === "undo" ? null : kind });
    } catch (e) {
      setError("That didn't go through. Please try again.");
    } finally {
      setBusy(false);
    }
  }

  const muted = { color: "hsl(var(--muted-foreground))" };
  const poster = (
    <Poster
      title={props.title}
      year={props.year}
      poster={props.poster}
      initials={props.initials}
      hue={props.hue}
      width={compact ? 56 : 128}
    />
  );
  const metaLine = <div className="cc-meta" style={{ ...muted, fontSize: 13, marginTop: 2 }}>{meta}</div>;

  // display: contents keeps these as direct items of the card's column (its gap spaces them)
  const details = (
    <div style={{ display: "contents" }}>
      {props.genres && props.genres.length > 0 && (
        <div style={{ display: "flex", gap: 6, flexWrap: "wrap" }}>
          {props.genres.map((g) => (
            <Chip key={g}>{g}</Chip>
          ))}
        </div>
      )}

      <div className="cc-explanation" style={{ fontSize: 14, lineHeight: 1.5, borderLeft: "3px solid hsl(var(--primary))", paddingLeft: 10 }}>
        <span style={{ display: "inline-flex", alignItems: "center", gap: 4, fontSize: 11, fontWeight: 700, letterSpacing: ".06em", textTransform: "uppercase", color: "hsl(var(--primary))", marginRight: 6 }}>
          <Sparkles size={12} /> Why
        </span>
        {props.explanation}
        {props.streaming_now && <span className="cc-caret" aria-hidden="true" />}
      </div>

      {(props.directors || (props.cast && props.cast.length > 0)) && (
        <div style={{ fontSize: 13, lineHeight: 1.45 }}>
          {props.directors && (
            <span>
              <span style={muted}>Directed by </span>
              {props.directors}
            </span>
          )}
          {props.directors && props.cast && props.cast.length > 0 && <span style={muted}> · </span>}
          {props.cast && props.cast.length > 0 && (
            <span>
              <span style={muted}>With </span>
              {props.cast.join(", ")}
            </span>
          )}
        </div>
      )}

      <div className="cc-streaming" style={{ fontSize: 13, display: "flex", alignItems: "center", gap: 6, ...(props.streaming ? {} : muted) }}>
        <Tv size={14} style={{ flexShrink: 0 }} />
        <span>{props.streaming || "Not in the streaming listings we have"}</span>
      </div>

      {props.overview && !compact && (
        <div className="cc-overview" style={{ ...muted, fontSize: 13, lineHeight: 1.5 }}>
          {props.overview}
        </div>
      )}

      {status ? (
        <div style={{ display: "flex", alignItems: "center", gap: 8, flexWrap: "wrap", fontSize: 13 }}>
          <span className="cc-feedback">{VERDICT_TEXT[status] || ""}</span>
          <Button variant="ghost" size="sm" disabled={busy} onClick={() => verdict("undo")}>
            <Undo2 size={14} /> Undo
          </Button>
        </div>
      ) : (
        !props.streaming_now && <Actions compact={compact} busy={busy} moreLike={props.more_like} verdict={verdict} />
      )}
      {error && <div style={{ fontSize: 13, color: "hsl(var(--destructive))" }}>{error}</div>}

      {(props.credit || props.links?.length > 0) && (
        <div className="cc-credits" title={props.credits_all || ""} style={{ ...muted, fontSize: 11, lineHeight: 1.4 }}>
          {props.credit && <span>{props.credit}</span>}
          {props.links?.map((l, i) => (
            <span key={l.url}>
              {(i > 0 || props.credit) && " · "}
              <a className="cc-link" href={l.url} target="_blank" rel="noopener noreferrer nofollow">
                {l.label}
              </a>
            </span>
          ))}
        </div>
      )}
    </div>
  );

  const frame = {
    borderRadius: 16,
    border: "1px solid hsl(var(--border))",
    background: "hsl(var(--card))",
    color: "hsl(var(--card-foreground))",
    opacity: status ? 0.62 : 1,
    width: "100%",
    boxSizing: "border-box",
    marginTop: 2,
  };
  const data = {
    "data-testid": "movie-card",
    "data-rank": props.rank,
    "data-turn": props.turn,
    "data-title-id": props.id,
    "data-year": props.year,
    "data-kind": props.kind,
    "data-compact": compact ? "true" : "false",
    "data-status": status || "",
  };

  if (compact) {
    // The widget's panel is ~380 px: a small poster beside the title, facts and score; everything
    // else full width below, so nothing has to share a line with the poster.
    return (
      <div className="cc-frame">
        <div className="cc-card" {...data} style={{ ...frame, display: "flex", flexDirection: "column", gap: 8, padding: "12px 16px 12px 12px" }}>
          <style>{CSS}</style>
          <div style={{ display: "flex", gap: 10, alignItems: "flex-start" }}>
            {poster}
            <div style={{ flex: 1, minWidth: 0, display: "flex", flexDirection: "column", gap: 4 }}>
              <TitleLine rank={props.rank} title={props.title} compact />
              {metaLine}
              <ScorePill score={props.score} />
            </div>
          </div>
          {details}
        </div>
      </div>
    );
  }
  return (
    <div className="cc-frame">
      <div className="cc-card" {...data} style={{ ...frame, display: "flex", gap: 18, padding: 16 }}>
        <style>{CSS}</style>
        {poster}
        <div style={{ flex: 1, minWidth: 0, display: "flex", flexDirection: "column", gap: 8 }}>
          <div style={{ display: "flex", alignItems: "flex-start", gap: 10 }}>
            <div style={{ flex: 1, minWidth: 0 }}>
              <TitleLine rank={props.rank} title={props.title} compact={false} />
              {metaLine}
            </div>
            <ScorePill score={props.score} />
          </div>
          {details}
        </div>
      </div>
    </div>
  );
}
