//! Strongly connected components of the model graph: nodes and edges in, a component number per
//! node out (two nodes share one exactly when each reaches the other).

use std::collections::HashMap;

/// The component of every node of `edges` (node → the nodes it points to), by Tarjan's algorithm
/// run with an explicit stack: a chain of thousands of models must not recurse as deep. Edges to
/// nodes that are not keys are ignored.
pub fn components<'a>(edges: &HashMap<&'a str, Vec<&'a str>>, nodes: impl IntoIterator<Item = &'a str>) -> HashMap<&'a str, usize> {
    struct Frame<'a> {
        node: &'a str,
        next_edge: usize,
    }
    let mut index: HashMap<&str, usize> = HashMap::new();
    let mut low: HashMap<&str, usize> = HashMap::new();
    let mut on_stack: HashMap<&str, bool> = HashMap::new();
    let mut stack: Vec<&str> = Vec::new();
    let mut component: HashMap<&str, usize> = HashMap::new();
    let mut count = 0;
    for root in nodes {
        if index.contains_key(root) || !edges.contains_key(root) {
            continue;
        }
        let mut frames = vec![Frame { node: root, next_edge: 0 }];
        index.insert(root, index.len());
        low.insert(root, index[root]);
        stack.push(root);
        on_stack.insert(root, true);
        while let Some(frame) = frames.last_mut() {
            let node = frame.node;
            let targets = &edges[node];
            if let Some(&target) = targets.get(frame.next_edge) {
                frame.next_edge += 1;
                if !edges.contains_key(target) {
                    continue;
                }
                if !index.contains_key(target) {
                    index.insert(target, index.len());
                    low.insert(target, index[target]);
                    stack.push(target);
                    on_stack.insert(target, true);
                    frames.push(Frame { node: target, next_edge: 0 });
                } else if on_stack.get(target).copied().unwrap_or(false) {
                    let l = low[node].min(index[target]);
                    low.insert(node, l);
                }
                continue;
            }
            // Every edge of `node` is done.
            frames.pop();
            if let Some(parent) = frames.last() {
                let l = low[parent.node].min(low[node]);
                low.insert(parent.node, l);
            }
            if low[node] == index[node] {
                while let Some(member) = stack.pop() {
                    on_stack.insert(member, false);
                    component.insert(member, count);
                    if member == node {
                        break;
                    }
                }
                count += 1;
            }
        }
    }
    component
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cycles_share_a_component_and_chains_do_not() {
        let edges: HashMap<&str, Vec<&str>> =
            [("a", vec!["b"]), ("b", vec!["c", "a"]), ("c", vec!["d"]), ("d", vec![]), ("e", vec!["e"]), ("f", vec!["missing"])].into_iter().collect();
        let c = components(&edges, ["a", "b", "c", "d", "e", "f"]);
        assert_eq!(c["a"], c["b"]);
        assert_ne!(c["a"], c["c"]);
        assert_ne!(c["c"], c["d"]);
        assert_eq!(c.len(), 6);
        // A chain of many thousand nodes, without recursion.
        let names: Vec<String> = (0..20_000).map(|i| format!("n{i}")).collect();
        let chain: HashMap<&str, Vec<&str>> = names.iter().enumerate().map(|(i, n)| (n.as_str(), names.get(i + 1).map(|m| vec![m.as_str()]).unwrap_or_default())).collect();
        let c = components(&chain, names.iter().map(String::as_str));
        assert_eq!(c.values().collect::<std::collections::HashSet<_>>().len(), 20_000);
    }
}
