//! A series of diagrams, one per step, with every actor at the same place.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::dot::{self, Pins};
use super::options::{Diagram, DiagramOptions};
use super::output::{self, Format, RenderError, Renderer};
use super::scene::{self, Legend, Scene};
use crate::model::{ActorKey, ActorKind, Dataset};
use crate::time::{Date, Selector, Step};

/// Diagrams of a dataset over time: one per step, plus the diff of the first
/// and last steps, with every actor at the same position in all of them.
///
/// The positions come from one layout of the union of all the diagrams
/// (every actor any of them draws, every pair any of them joins); each
/// diagram pins its actors there (`pos="x,y!"`, drawn by `layout=nop`,
/// `neato -n`, without moving them), so the files can be set side by side and compared at a
/// glance — also when rendered later by any Graphviz.
///
/// # Example
///
/// ```
/// use tiegraph::render::{DiagramOptions, Renderer, Timeline};
/// use tiegraph::Step;
///
/// let data = tiegraph::default_dataset();
/// let timeline = Timeline::new(data, "2021".parse()?, "2023".parse()?, Step::Years(1))
///     .options(DiagramOptions::default().tooltips(false));
/// # #[cfg(feature = "render")] {
/// let diagrams = timeline.diagrams()?;
/// let names: Vec<&str> = diagrams.iter().map(|d| d.name.as_str()).collect();
/// assert_eq!(names, ["2021", "2022", "2023", "diff-2021-2023"]);
/// assert!(diagrams[0].dot.contains("layout=\"nop\""));
/// # }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct Timeline<'d> {
    dataset: &'d Dataset,
    from: Date,
    to: Date,
    step: Step,
    options: DiagramOptions,
    renderer: Renderer,
    /// For each step, the actors to mark as having changed camp (sorted).
    switched: Vec<Vec<ActorKey>>,
}

impl<'d> Timeline<'d> {
    /// The steps of `step` from the period containing `from` to the one
    /// containing `to`, inclusive (see [`Step::periods`]), with the default
    /// options and renderer.
    pub fn new(dataset: &'d Dataset, from: Date, to: Date, step: Step) -> Timeline<'d> {
        Timeline {
            dataset,
            from,
            to,
            step,
            options: DiagramOptions::default(),
            renderer: Renderer::default(),
            switched: Vec::new(),
        }
    }

    /// What each diagram shows.
    pub fn options(mut self, options: DiagramOptions) -> Timeline<'d> {
        self.options = options;
        self
    }

    /// The renderer for [`Timeline::write`] (default: [`Renderer::default`]).
    pub fn renderer(mut self, renderer: Renderer) -> Timeline<'d> {
        self.renderer = renderer;
        self
    }

    /// Marks, in the diagram of each step (`switched[i]` for step `i`,
    /// sorted), the actors that changed camp since the step before: a
    /// thick outline, with its legend entry. The report uses it.
    pub(crate) fn switched(mut self, switched: Vec<Vec<ActorKey>>) -> Timeline<'d> {
        self.switched = switched;
        self
    }

    /// The actors to mark at step `i`.
    fn switched_at(&self, i: usize) -> &[ActorKey] {
        self.switched.get(i).map_or(&[], Vec::as_slice)
    }

    /// The periods of the steps.
    pub fn steps(&self) -> Vec<Selector> {
        self.step.periods(self.from, self.to)
    }

    /// The DOT of every step, then of the diff of the first and last step
    /// (left out when there is a single step), with positions pinned.
    ///
    /// # Errors
    ///
    /// [`RenderError::EmptyTimeline`] when `to` is before `from`,
    /// [`RenderError::TooManySteps`] beyond [`MAX_STEPS`](crate::MAX_STEPS)
    /// steps, and [`RenderError::TooLarge`] when a step's diagram (or the
    /// diff's) would draw more than one picture draws; all before any
    /// diagram is made.
    pub fn diagrams(&self) -> crate::Result<Vec<Diagram>> {
        let mut out = Vec::new();
        self.each_diagram(|d| {
            out.push(d);
            Ok(())
        })?;
        Ok(out)
    }

    /// Hands each diagram of [`Timeline::diagrams`] to `each`, in the same
    /// order, one at a time: only one diagram (and two snapshots, the
    /// first and the last) is held at once, whatever the number of steps.
    ///
    /// The steps are computed twice: once for the layout of their union,
    /// once for the diagrams.
    fn each_diagram(
        &self,
        mut each: impl FnMut(Diagram) -> crate::Result<()>,
    ) -> crate::Result<()> {
        output::check_steps(self.step, self.from, self.to)?;
        let steps = self.steps();
        let (Some(&first), Some(&last)) = (steps.first(), steps.last()) else {
            return Err(RenderError::EmptyTimeline {
                from: self.from,
                to: self.to,
            }
            .into());
        };
        // The layout of the union, one scene at a time.
        let mut union = Union::default();
        let (mut first_snap, mut last_snap) = (None, None);
        for (i, snap) in self.dataset.sweep(steps.iter().copied()).enumerate() {
            let mut scene = scene::snapshot(&snap, &self.options);
            scene::mark_switched(&mut scene, self.switched_at(i));
            // Every picture is checked before anything is laid out.
            dot::check_scene(&scene)?;
            union.add(&scene);
            if i == 0 {
                first_snap = Some(snap);
            } else {
                last_snap = Some(snap);
            }
        }
        let diff = match (&first_snap, &last_snap) {
            (Some(a), Some(b)) => Some((
                format!("diff-{}-{}", stem(&first), stem(&last)),
                scene::diff(a, b, &self.options),
            )),
            _ => None,
        };
        if let Some((_, scene)) = &diff {
            dot::check_scene(scene)?;
            union.add(scene);
        }
        drop((first_snap, last_snap));
        // Every step's legend explains the mark when some step draws it:
        // the legends, and so the diagrams, stay of one size.
        let switched = union.legend.switched;
        let pins = union.pins(self.options.rankdir);
        for (i, snap) in self.dataset.sweep(steps.iter().copied()).enumerate() {
            let mut scene = scene::snapshot(&snap, &self.options);
            scene::mark_switched(&mut scene, self.switched_at(i));
            scene.legend.switched |= switched;
            each(Diagram {
                name: stem(&snap.selector()),
                dot: dot::print(&dot::graph(&scene, &pins)),
            })?;
        }
        if let Some((name, scene)) = diff {
            each(Diagram {
                name,
                dot: dot::print(&dot::graph(&scene, &pins)),
            })?;
        }
        Ok(())
    }

    /// Renders every diagram to each of `formats` and writes
    /// `<out_dir>/<name>.<ext>` (`2021.svg`, `diff-2021-2026.dot`, …),
    /// creating `out_dir` if needed. The files are written as one
    /// [`FileSet`](crate::FileSet): every one is finished before any
    /// replaces its destination, so a failure changes nothing.
    ///
    /// Returns the paths written, diagram by diagram, in the order of
    /// `formats` (repeated formats are written once).
    ///
    /// # Errors
    ///
    /// The errors of [`Timeline::diagrams`] and [`render`](super::render),
    /// and [`ErrorKind::Write`](crate::ErrorKind::Write) when a file or the folder cannot be
    /// written.
    pub fn write(&self, out_dir: &Path, formats: &[Format]) -> crate::Result<Vec<PathBuf>> {
        let mut unique: Vec<Format> = Vec::new();
        for &f in formats {
            if !unique.contains(&f) {
                unique.push(f);
            }
        }
        crate::io::create_folder(out_dir)?;
        // Each file is finished as a temporary file as soon as it is
        // rendered; none replaces its destination until all are.
        // Diagrams are made one at a time, and each file is dropped once
        // it is staged: the memory does not grow with the steps.
        let mut set = crate::FileSet::new();
        let mut paths = Vec::new();
        self.each_diagram(|d| {
            for &f in &unique {
                let bytes = output::render(&d.dot, f, self.renderer)?;
                let path = out_dir.join(format!("{}.{}", d.name, f.extension()));
                set.add(&path, &bytes)?;
                paths.push(path);
            }
            Ok(())
        })?;
        set.commit()?;
        Ok(paths)
    }
}

/// The union of a timeline's scenes, gathered one scene at a time, laid
/// out once: every actor any of them draws, with the largest label it has
/// in any, and every pair any of them joins.
#[derive(Default)]
struct Union<'d> {
    actors: BTreeMap<&'d str, (usize, &'d str, ActorKind)>,
    /// Each pair as many times as it has edges in the diagram that has
    /// the most, so that the layout leaves room for them.
    pairs: BTreeMap<(&'d str, &'d str), usize>,
    /// The widest title of any scene.
    title: f64,
    /// Everything any scene's legend shows (its width bounds theirs).
    legend: Legend,
}

impl<'d> Union<'d> {
    fn add(&mut self, scene: &Scene<'d>) {
        for node in &scene.nodes {
            let v = node.view;
            let wrapped = dot::wrap(v.name(), 18);
            let lines = wrapped.lines().count().max(1);
            let width = wrapped
                .lines()
                .map(|l| l.chars().count())
                .max()
                .unwrap_or(0);
            let size = lines * (width + 2);
            let entry = self
                .actors
                .entry(v.id())
                .or_insert((size, v.name(), v.kind()));
            if size > entry.0 {
                *entry = (size, v.name(), v.kind());
            }
        }
        let mut here: BTreeMap<(&'d str, &'d str), usize> = BTreeMap::new();
        for e in &scene.edges {
            if let (Some(t), Some(h)) = (scene.node_id(e.tail), scene.node_id(e.head)) {
                *here.entry((t.min(h), t.max(h))).or_default() += 1;
            }
        }
        for (pair, k) in here {
            let most = self.pairs.entry(pair).or_default();
            *most = (*most).max(k);
        }
        self.title = self.title.max(dot::title_width(scene));
        let legend = &scene.legend;
        for &k in &legend.actors {
            if !self.legend.actors.contains(&k) {
                self.legend.actors.push(k);
            }
        }
        for &k in &legend.ties {
            if !self.legend.ties.contains(&k) {
                self.legend.ties.push(k);
            }
        }
        for &c in &legend.changes {
            if !self.legend.changes.contains(&c) {
                self.legend.changes.push(c);
            }
        }
        self.legend.gone |= legend.gone;
        self.legend.switched |= legend.switched;
    }

    /// The positions, and one frame around every diagram: the union's
    /// actors, and room for the widest header, so that Graphviz shifts no
    /// diagram differently.
    fn pins(self, rankdir: super::options::RankDir) -> Pins {
        let actors: Vec<(&str, &str, ActorKind)> = self
            .actors
            .into_iter()
            .map(|(id, (_, name, kind))| (id, name, kind))
            .collect();
        let pairs = self
            .pairs
            .into_iter()
            .flat_map(|(pair, k)| std::iter::repeat_n(pair, k));
        let mut pins = Pins::layout(&actors, pairs, rankdir);
        let ((x0, y0), (x1, y1)) = pins.extent;
        // The legend's size follows the drawing's width (the actors' and
        // Graphviz's padding), as `dot::title_label` sizes it.
        let points = dot::legend_points(dot::drawing_width(&pins));
        let header = 50.0 + self.title.max(dot::legend_width(&self.legend, points));
        pins.frame = Some((
            (x0 - 8.0, y0 - 8.0),
            ((x1 + 8.0).max(x0 - 8.0 + header), y1 + 8.0),
        ));
        pins
    }
}

/// A file stem for a step: its label, with a range's `..` as `_`.
fn stem(selector: &Selector) -> String {
    selector.to_string().replace("..", "_")
}

/// Pinned DOT for each step of a timeline and for the diff of its first and
/// last steps. See [`Timeline`].
///
/// # Errors
///
/// As [`Timeline::diagrams`].
pub fn timeline(
    dataset: &Dataset,
    from: Date,
    to: Date,
    step: Step,
    options: &DiagramOptions,
) -> crate::Result<Vec<Diagram>> {
    Timeline::new(dataset, from, to, step)
        .options(options.clone())
        .diagrams()
}

/// Writes a timeline's diagrams into `out_dir` in each of `formats`,
/// rendering with `renderer`. See [`Timeline::write`].
///
/// # Errors
///
/// As [`Timeline::write`].
///
/// # Example
///
/// ```
/// use tiegraph::render::{write_timeline, DiagramOptions, Format, Renderer};
/// use tiegraph::Step;
///
/// let dir = std::env::temp_dir().join(format!("tiegraph-doc-{}", std::process::id()));
/// # #[cfg(feature = "render")] {
/// let files = write_timeline(
///     tiegraph::default_dataset(),
///     "2025".parse()?,
///     "2026".parse()?,
///     Step::Years(1),
///     &DiagramOptions::default(),
///     &dir,
///     &[Format::Dot, Format::Svg],
///     Renderer::Builtin,
/// )?;
/// assert_eq!(files.len(), 6); // 2025, 2026 and diff-2025-2026, as .dot and .svg
/// assert!(files[1].ends_with("2025.svg"));
/// # std::fs::remove_dir_all(&dir)?;
/// # }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[allow(clippy::too_many_arguments)]
pub fn write_timeline(
    dataset: &Dataset,
    from: Date,
    to: Date,
    step: Step,
    options: &DiagramOptions,
    out_dir: &Path,
    formats: &[Format],
    renderer: Renderer,
) -> crate::Result<Vec<PathBuf>> {
    Timeline::new(dataset, from, to, step)
        .options(options.clone())
        .renderer(renderer)
        .write(out_dir, formats)
}
