import type { DishOptionId } from "@ardine/domain"
import { createSignal, createUniqueId, Show } from "solid-js"
import { announce } from "../../components/Announcer.jsx"
import { t } from "../../i18n/index.js"
import { type ChoiceGroup, choiceProblems } from "../../lib/optionChoice.js"
import { OptionPicker } from "./OptionPicker.jsx"

/**
 * "Change options" under a cart line whose dish has option groups: the dish page's picker, opened in place,
 * with the same rules and messages. Save hands the new choice to the cart (which says what changed and
 * where the focus goes, as the line is drawn anew); Cancel leaves the line as it was.
 */
export const CartLineOptions = (props: {
  dishId: string
  /** The line as the stepper's buttons name it, options included: two lines of one dish differ by it. */
  lineName: string
  groups: ReadonlyArray<ChoiceGroup>
  chosen: ReadonlyArray<DishOptionId>
  money: (minor: number) => string
  onSave: (chosen: ReadonlyArray<DishOptionId>) => void
}) => {
  const [open, setOpen] = createSignal(false)
  const [chosen, setChosen] = createSignal<ReadonlyArray<DishOptionId>>([])
  // Problems show once the diner tried to save, as on the dish page once they tried to add.
  const [tried, setTried] = createSignal(false)
  const panelId = createUniqueId()
  let toggle: HTMLButtonElement | undefined
  let panel: HTMLDivElement | undefined

  const close = () => {
    setOpen(false)
    toggle?.focus()
  }
  const save = () => {
    const problems = choiceProblems(props.groups, chosen(), t("options"))
    if (problems.length > 0) {
      setTried(true)
      announce(t("options.chooseFirst", problems.map((problem) => problem.problem).join(". ")))
      panel?.querySelector<HTMLInputElement>("fieldset[data-problem] input:not(:disabled)")?.focus()
      return
    }
    setOpen(false)
    props.onSave(chosen())
  }

  return (
    <div class="cart-line-change">
      {/* A disclosure: the button keeps the focus and says whether the picker under it is open. */}
      <button
        ref={toggle}
        type="button"
        class="button button-quiet button-small"
        aria-expanded={open()}
        aria-controls={panelId}
        aria-label={t("options.changeOf", props.lineName)}
        onClick={() => {
          if (open()) return setOpen(false)
          setChosen(props.chosen)
          setTried(false)
          setOpen(true)
        }}
      >
        {t("options.change")}
      </button>
      <Show when={open()}>
        <div ref={panel} id={panelId} class="cart-line-options stack">
          <OptionPicker
            dishId={`${props.dishId}-${panelId}`}
            groups={props.groups}
            chosen={chosen()}
            onChange={setChosen}
            money={props.money}
            showProblems={tried()}
          />
          <div class="cart-line-options-actions">
            <button type="button" class="button button-primary button-small" onClick={save}>
              {t("options.save")}
            </button>
            <button type="button" class="button button-small" onClick={close}>
              {t("options.cancel")}
            </button>
          </div>
        </div>
      </Show>
    </div>
  )
}
