import {
  CreateOptionGroupRequest,
  type Dish,
  type Language,
  type OptionGroup,
  type SuggestedOptionGroup,
  UpdateOptionGroupRequest,
} from "@ardine/domain"
import { createEffect, createSignal, For, on, Show } from "solid-js"
import {
  createOptionGroup,
  type DishRef,
  deleteOptionGroup,
  listOptionGroups,
  reorderOptionGroups,
  updateOptionGroup,
} from "../../api/options.js"
import { announce } from "../../components/Announcer.jsx"
import { ConfirmDialog } from "../../components/ConfirmDialog.jsx"
import { ErrorNotice } from "../../components/ErrorNotice.jsx"
import { Loading } from "../../components/Loading.jsx"
import { moveItem } from "../../lib/reorder.js"
import { CopyGroupForm } from "./CopyGroupForm.jsx"
import { OptionGroupCard, type RunRequest } from "./OptionGroupCard.jsx"
import { OptionGroupForm } from "./OptionGroupForm.jsx"
import { OptionSuggestions } from "./OptionSuggestions.jsx"
import "../../styles/options-editor.css"

type Panel =
  | { readonly _tag: "AddGroup" }
  | { readonly _tag: "EditGroup"; readonly group: OptionGroup }
  | { readonly _tag: "CopyGroup"; readonly group: OptionGroup }

/**
 * A dish's option groups for its owner ("Cooking": one of rare, medium, well done; "Extras": up to three):
 * add, change, reorder (buttons up and down), copy to other dishes and delete. Each change is saved at once
 * and the server answers with the state after it.
 */
export const OptionGroupsEditor = (props: {
  dish: Dish
  dishes: ReadonlyArray<Dish>
  currency: string
  /** The restaurant's other languages: groups and options are named in each. */
  languages: ReadonlyArray<Language>
}) => {
  const ref = (): DishRef => ({ restaurantId: props.dish.restaurantId, dishId: props.dish.id })
  const [groups, setGroups] = createSignal<ReadonlyArray<OptionGroup>>()
  const [failure, setFailure] = createSignal<{ readonly _tag: string }>()
  const [busy, setBusy] = createSignal(false)
  const [panel, setPanel] = createSignal<Panel>()
  const [deleting, setDeleting] = createSignal<OptionGroup>()
  // The analyzer's suggestions as the dish came; each one answered leaves this list (the indices follow).
  const [suggestions, setSuggestions] = createSignal<ReadonlyArray<SuggestedOptionGroup>>([])
  const without = (index: number) => setSuggestions((all) => all.filter((_, at) => at !== index))
  let root: HTMLElement | undefined

  const run: RunRequest = async (request, apply) => {
    setBusy(true)
    setFailure(undefined)
    const outcome = await request()
    setBusy(false)
    if (!outcome.ok) {
      setFailure(outcome.error)
      return false
    }
    apply(outcome.value)
    return true
  }

  const load = () => {
    setGroups(undefined)
    void run(
      () => listOptionGroups(ref()),
      (list) => setGroups(list.groups),
    )
  }
  createEffect(
    on(
      () => props.dish.id,
      () => {
        setSuggestions(props.dish.suggestedOptionGroups)
        load()
      },
    ),
  )

  const replace = (group: OptionGroup) => setGroups((all) => all?.map((g) => (g.id === group.id ? group : g)))
  // The list is drawn again from the server's answer: the control the owner used gets the focus back.
  const refocus = (focusKey: string) =>
    queueMicrotask(() => root?.querySelector<HTMLElement>(`[data-focus-key="${focusKey}"]`)?.focus())

  const moveGroup = (index: number, by: -1 | 1) => {
    const all = groups() ?? []
    const group = all[index]
    if (group === undefined) return
    const order = moveItem(all, index, by).map((candidate) => candidate.id)
    void run(
      () => reorderOptionGroups(ref(), order),
      (list) => {
        setGroups(list.groups)
        announce(`${group.name} moved ${by < 0 ? "up" : "down"}`)
        refocus(`group-${group.id}-${by < 0 ? "up" : "down"}`)
      },
    )
  }

  const others = () => props.dishes.filter((dish) => dish.id !== props.dish.id)

  return (
    <section class="option-groups-editor stack" aria-labelledby="option-groups-title" ref={root}>
      <div class="stack-sm">
        <h3 id="option-groups-title">Options</h3>
        <p class="small muted">
          Choices diners make when they order this dish, such as how it is cooked or extras at a price. Changes are
          saved at once.
        </p>
      </div>
      <Show when={failure()}>{(error) => <ErrorNotice error={error()} onRetry={load} />}</Show>
      <OptionSuggestions
        suggestions={suggestions()}
        dish={ref()}
        currency={props.currency}
        busy={busy()}
        run={run}
        onAccepted={(group, index) => {
          without(index)
          setGroups((all) => [...(all ?? []), group])
        }}
        onDismissed={without}
      />
      <Show
        when={groups()}
        fallback={
          <Show when={failure() === undefined}>
            <Loading label="Loading options…" />
          </Show>
        }
      >
        {(all) => (
          <ul class="option-group-list stack-sm">
            <For each={all()}>
              {(group, index) => (
                <OptionGroupCard
                  group={group}
                  index={index()}
                  count={all().length}
                  dish={ref()}
                  languages={props.languages}
                  currency={props.currency}
                  busy={busy()}
                  run={run}
                  onChanged={replace}
                  onMove={(by) => moveGroup(index(), by)}
                  onEdit={() => setPanel({ _tag: "EditGroup", group })}
                  onCopy={() => setPanel({ _tag: "CopyGroup", group })}
                  onDelete={() => setDeleting(group)}
                  refocus={refocus}
                />
              )}
            </For>
          </ul>
        )}
      </Show>
      <Show
        when={panel()}
        keyed
        fallback={
          <p>
            <button type="button" class="button" onClick={() => setPanel({ _tag: "AddGroup" })}>
              Add an option group
            </button>
          </p>
        }
      >
        {(open) => (
          <div class="option-panel card">
            <Show when={open._tag === "AddGroup"}>
              <h4>New option group</h4>
              <OptionGroupForm
                languages={props.languages}
                optionCount={0}
                submitLabel="Add group"
                busy={busy()}
                onCancel={() => setPanel(undefined)}
                onSubmit={(value) =>
                  void run(
                    () =>
                      createOptionGroup(
                        ref(),
                        CreateOptionGroupRequest.make({
                          name: value.name,
                          ...value.rules,
                          translations: value.translations,
                        }),
                      ),
                    (group) => {
                      setGroups((all) => [...(all ?? []), group])
                      setPanel(undefined)
                      announce(`Group ${group.name} added. Add its options.`)
                    },
                  )
                }
              />
            </Show>
            <Show when={open._tag === "EditGroup" ? open.group : undefined}>
              {(group) => (
                <>
                  <h4>Edit {group().name}</h4>
                  <OptionGroupForm
                    initial={{ name: group().name, rules: group(), translations: group().translations }}
                    languages={props.languages}
                    optionCount={group().options.length}
                    submitLabel="Save group"
                    busy={busy()}
                    onCancel={() => setPanel(undefined)}
                    onSubmit={(value) =>
                      void run(
                        () =>
                          updateOptionGroup(
                            ref(),
                            group().id,
                            UpdateOptionGroupRequest.make({
                              name: value.name,
                              ...value.rules,
                              translations: value.translations,
                            }),
                          ),
                        (saved) => {
                          replace(saved)
                          setPanel(undefined)
                        },
                      )
                    }
                  />
                </>
              )}
            </Show>
            <Show when={open._tag === "CopyGroup" ? open.group : undefined}>
              {(group) => (
                <CopyGroupForm
                  group={group()}
                  dish={ref()}
                  dishes={others()}
                  busy={busy()}
                  run={run}
                  onDone={() => setPanel(undefined)}
                />
              )}
            </Show>
          </div>
        )}
      </Show>
      <ConfirmDialog
        open={deleting() !== undefined}
        title={`Delete the group ${deleting()?.name ?? ""}?`}
        confirmLabel="Delete group"
        danger
        busy={busy()}
        onCancel={() => setDeleting(undefined)}
        onConfirm={() => {
          const group = deleting()
          if (group === undefined) return
          void run(
            () => deleteOptionGroup(ref(), group.id),
            () => {
              setGroups((all) => all?.filter((candidate) => candidate.id !== group.id))
              setDeleting(undefined)
              announce(`Group ${group.name} deleted`)
            },
          )
        }}
      >
        <p>Diners will no longer choose from it. Orders already placed keep the options they chose.</p>
      </ConfirmDialog>
    </section>
  )
}
